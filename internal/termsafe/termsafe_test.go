package termsafe

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestVisible checks Visible on every rune of the Basic Multilingual Plane
// and on invalid bytes: what a terminal could act on is escaped, everything
// else is left as it was, and the output is always valid UTF-8 free of
// controls but the line feed.
func TestVisible(t *testing.T) {
	hidden := func(r rune) bool {
		return r != '\n' && unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			r == '\u200e' || r == '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
	}
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // surrogates are not runes of UTF-8
		}
		s := "a" + string(r) + "b"
		got := Visible(s)
		if !hidden(r) {
			if got != s {
				t.Fatalf("Visible(%q) = %q, want it unchanged", s, got)
			}
			continue
		}
		if got == s || !strings.HasPrefix(got, "a\\") || !strings.HasSuffix(got, "b") {
			t.Fatalf("Visible(%q) = %q, want the rune escaped", s, got)
		}
		for _, c := range got {
			if hidden(c) {
				t.Fatalf("Visible(%q) = %q still holds %U", s, got, c)
			}
		}
	}
	for b := 0x80; b < 0x100; b++ {
		s := "a" + string([]byte{byte(b)}) + "b"
		if got := Visible(s); !utf8.ValidString(got) || got == s {
			t.Fatalf("Visible(%q) = %q, want valid UTF-8 with the byte escaped", s, got)
		}
	}
}
