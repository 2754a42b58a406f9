package render

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the escaping rules of the two output languages. Text from
// the journey passes through clean first (control characters, invalid UTF-8),
// then through the rules of the language it lands in.

// clean returns s as printable text: invalid UTF-8 becomes U+FFFD, tabs
// become spaces, line breaks (\r\n, \r, \n, U+2028, U+2029) become '\n', and
// every other control character (C0, DEL, C1) is dropped. Everything else,
// including right-to-left text, emoji and combining marks, is kept.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case r == '\n' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean reports whether clean(s) == s, without allocating.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// oneLine returns clean(s) with line breaks turned into spaces and runs of
// spaces collapsed, trimmed.
func oneLine(s string) string {
	s = clean(s)
	if strings.ContainsAny(s, "\n  ") || strings.TrimSpace(s) != s {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// wrap breaks clean text into lines of at most width runes at spaces; words
// longer than width stay whole. Existing line breaks are kept and empty
// lines dropped.
func wrap(s string, width int) []string {
	if simpleLine(s, width) {
		return []string{s}
	}
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		var line strings.Builder
		n := 0
		for _, word := range strings.Fields(para) {
			wn := utf8.RuneCountInString(word)
			if n > 0 && n+1+wn > width {
				lines = append(lines, line.String())
				line.Reset()
				n = 0
			}
			if n > 0 {
				line.WriteByte(' ')
				n++
			}
			line.WriteString(word)
			n += wn
		}
		if n > 0 {
			lines = append(lines, line.String())
		}
	}
	return lines
}

// simpleLine reports whether wrap(s, width) is just s: s is clean, short
// enough, one line, with single spaces between words and none around.
func simpleLine(s string, width int) bool {
	if s == "" || len(s) > width*utf8.UTFMax || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	n := 0
	prevSpace := false
	for _, r := range s {
		n++
		space := r == ' '
		if space && prevSpace || r == '\n' || r != ' ' && unicode.IsSpace(r) {
			return false
		}
		prevSpace = space
	}
	return n <= width && isClean(s)
}

// dotID returns s as a quoted DOT ID. Backslashes and quotes are escaped;
// line breaks are written as \n, ASCII control characters and bytes of
// invalid UTF-8 as \xNN, other control characters as \u{N}, so that distinct
// IDs stay distinct and the file stays valid UTF-8; a leading '%', which
// Graphviz reserves for its anonymous objects, is written as \x25. DOT keeps
// such backslash sequences literally in names.
func dotID(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '%' && i == 0:
			// Graphviz takes a name starting with '%' for one of its
			// anonymous objects ("%1").
			b.WriteString(`\x25`)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			if r < utf8.RuneSelf {
				b.WriteString(`\x`)
				b.WriteString(hex2(byte(r)))
			} else {
				b.WriteString(`\u{`)
				b.WriteString(strconv.FormatInt(int64(r), 16))
				b.WriteByte('}')
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// dotLabel returns lines as a quoted DOT escString label: the lines are
// cleaned and joined with \n (centred line breaks); backslashes are doubled
// so that Graphviz's own escapes (\N, \G, \l, ...) never fire; quotes are
// escaped; '&' is written as &amp; because Graphviz decodes HTML entities in
// ordinary labels too. '<', '>', '{', '}' and '|' need nothing: quoted
// labels of non-record shapes take them literally.
func dotLabel(lines ...string) string { return escLabel(lines, `\n`, false) }

// escLabel writes lines as a quoted escString, breaking lines with brk
// (\n centred, \l left-justified), after the last line too if end is set.
func escLabel(lines []string, brk string, end bool) string {
	n := 2 + len(brk)*len(lines)
	for _, l := range lines {
		n += len(l)
	}
	var b strings.Builder
	b.Grow(n + n/8)
	b.WriteByte('"')
	for i, l := range lines {
		if i > 0 {
			b.WriteString(brk)
		}
		for _, r := range clean(l) {
			switch r {
			case '\\':
				b.WriteString(`\\`)
			case '"':
				b.WriteString(`\"`)
			case '\n':
				b.WriteString(brk)
			case '&':
				b.WriteString("&amp;")
			default:
				b.WriteRune(r)
			}
		}
	}
	if end && len(lines) > 0 {
		b.WriteString(brk)
	}
	b.WriteByte('"')
	return b.String()
}

// dotLabelLeft is dotLabel with every line left-justified (ended by \l),
// for the labels of clusters and of the graph. A single line needs no
// justification (labeljust does it) and is written as dotLabel writes it.
func dotLabelLeft(lines ...string) string {
	if len(lines) == 1 && !strings.ContainsAny(lines[0], "\r\n\u2028\u2029") {
		return dotLabel(lines...)
	}
	return escLabel(lines, `\l`, true)
}

// mermaidJourneyText returns s as text for a Mermaid journey diagram's
// title, section or task name, or an actor: on one line, with the characters
// the journey grammar splits on (':' ';' '#', and ',' too when actor is
// true) replaced by a space, runs of '%' collapsed (Mermaid reads "%%" as a
// comment) and spaces collapsed.
func mermaidJourneyText(s string, actor bool) string {
	s = clean(s)
	var b strings.Builder
	b.Grow(len(s))
	prev := rune(0)
	for _, r := range s {
		switch {
		case r == ':' || r == ';' || r == '#' || r == '\n' || (actor && r == ','):
			r = ' '
		case r == '%' && prev == '%':
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// mermaidKeywords are the words the journey lexer matches, case-insensitively,
// at the start of a line before it tries a task name.
var mermaidKeywords = []string{"journey", "title", "section", "acctitle", "accdescr"}

// mermaidTaskName returns s, already passed through mermaidJourneyText, made
// safe to start a task line: a name that would start with a keyword of the
// journey grammar gets a zero-width space in front, which the lexer does not
// skip and a reader does not see.
func mermaidTaskName(s string) string {
	l := strings.ToLower(s)
	for _, k := range mermaidKeywords {
		if strings.HasPrefix(l, k) {
			return "\u200b" + s
		}
	}
	return s
}

// mermaidString returns lines as the inside of a quoted Mermaid flowchart
// label ("..."), using Mermaid's entity codes: '"' as #quot;, '#' as #35;,
// '<' as #lt;, '>' as #gt;, '&' as #amp;, and ':', ';', '`', '|' and '%' as
// numeric codes too, so that no grammar or preprocessing rule of Mermaid
// sees them. Lines are joined with <br/>.
func mermaidString(lines ...string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString("<br/>")
		}
		for _, r := range clean(l) {
			switch r {
			case '"':
				b.WriteString("#quot;")
			case '#':
				b.WriteString("#35;")
			case '<':
				b.WriteString("#lt;")
			case '>':
				b.WriteString("#gt;")
			case '&':
				b.WriteString("#amp;")
			case ':':
				b.WriteString("#58;")
			case ';':
				b.WriteString("#59;")
			case '`':
				b.WriteString("#96;")
			case '|':
				b.WriteString("#124;")
			case '%':
				b.WriteString("#37;")
			case '\n':
				b.WriteString("<br/>")
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
