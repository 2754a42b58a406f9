package sqlmine

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// unquote reads back a quoted identifier or string literal the way the
// dialect's lexer does: the doubled quote of standard SQL and Spark's
// identifiers, or the backslash escapes of the others. It reports whether
// the text is one well-formed token.
func unquote(s string, quote byte, backslash bool) (string, bool) {
	if len(s) < 2 || s[0] != quote || s[len(s)-1] != quote {
		return "", false
	}
	body := s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case backslash && c == '\\':
			if i+1 == len(body) {
				return "", false
			}
			i++
			switch body[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'x':
				if i+2 >= len(body) {
					return "", false
				}
				v, err := strconv.ParseUint(body[i+1:i+3], 16, 8)
				if err != nil {
					return "", false
				}
				b.WriteByte(byte(v))
				i += 2
			case 'u':
				if i+4 >= len(body) {
					return "", false
				}
				v, err := strconv.ParseUint(body[i+1:i+5], 16, 16)
				if err != nil {
					return "", false
				}
				b.WriteRune(rune(v))
				i += 4
			default:
				b.WriteByte(body[i])
			}
		case c == quote:
			if backslash || i+1 == len(body) || body[i+1] != quote {
				return "", false // a quote that would end the token
			}
			b.WriteByte(quote)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// FuzzQuoting: any name or value, quoted for any dialect, is one token
// that reads back as itself, so nothing in it can end the quoting.
func FuzzQuoting(f *testing.F) {
	for _, s := range []string{`a"b`, "a`b", `a'b`, `a\b`, "a;b--c", "a\nb", "\x01\x1f", `\'`, "``", `""`, "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 || s == "" {
			return
		}
		for _, d := range Dialects() {
			id, err := d.Ident(s)
			if err != nil {
				t.Fatalf("%s.Ident(%q): %v", d, s, err)
			}
			q, bs := byte('"'), false
			switch d {
			case BigQuery, ClickHouse, ClickHouse18:
				q, bs = '`', true
			case Spark:
				q = '`'
			}
			if got, ok := unquote(id, q, bs); !ok || got != s {
				t.Fatalf("%s.Ident(%q) = %s reads back as %q, %v", d, s, id, got, ok)
			}
			str, err := d.Str(s)
			if err != nil {
				t.Fatalf("%s.Str(%q): %v", d, s, err)
			}
			got, ok := unquote(str, '\'', d.backslashEscapes())
			if d == Spark && utf8.ValidString(s) {
				// \u00XX wrote control bytes as runes: the same bytes.
				ok = ok && got == s
			}
			if !ok || got != s {
				t.Fatalf("%s.Str(%q) = %s reads back as %q, %v", d, s, str, got, ok)
			}
		}
	})
}
