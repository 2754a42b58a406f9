package termsafe

import "strings"

// OneLine returns s with tabs, line breaks, vertical tabs and form feeds
// written as spaces, so that it stays on one line of a table.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\v\f") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f':
			return ' '
		}
		return r
	}, s)
}

// MarkdownCode returns s as a Markdown code span that is safe inside a table
// cell: fenced with more backticks than s holds in a row, padded where it
// starts or ends with one, and its pipes escaped. s is taken as it is: make
// it one line first.
func MarkdownCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if fence != "`" || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + strings.ReplaceAll(s, "|", `\|`) + fence
}

// MarkdownText returns s with every character Markdown could read as markup
// in text or a table cell escaped by a backslash. s is taken as it is: make
// it one line first.
func MarkdownText(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|#") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
