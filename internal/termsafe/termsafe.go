// Package termsafe makes text safe to print on a terminal: the problems of
// package journey and the reports of package analysis quote what a file
// holds, and a hostile file must not drive the terminal they are shown on.
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Visible returns s with every character a terminal could act on, or that
// could hide or reorder text, written as an escape: C0 controls but line
// breaks, DEL and C1 controls as \xNN or \uNNNN, bytes of invalid UTF-8 as
// \xNN, and the line and paragraph separators and bidirectional controls as
// \uNNNN.
func Visible(s string) string {
	hidden := func(r rune, size int) bool {
		return r == utf8.RuneError && size == 1 || r != '\n' && unicode.IsControl(r) ||
			r == '\u2028' || r == '\u2029' || r == '\u200e' || r == '\u200f' ||
			r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
	}
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if hidden(r, size) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1 || hidden(r, size) && r < 0x80:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case hidden(r, size):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
