package termsafe

import "testing"

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, code, text string }{
		{"", "``", ""},
		{"a|b", "`a\\|b`", `a\|b`},
		{"a`b", "`` a`b ``", "a\\`b"},
		{"`a", "`` `a ``", "\\`a"},
		{"*x* [y](z) <b> #h _u_", "`*x* [y](z) <b> #h _u_`", `\*x\* \[y\](z) \<b\> \#h \_u\_`},
	} {
		if got := MarkdownCode(tc.in); got != tc.code {
			t.Errorf("MarkdownCode(%q) = %q, want %q", tc.in, got, tc.code)
		}
		if got := MarkdownText(tc.in); got != tc.text {
			t.Errorf("MarkdownText(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
	if got := OneLine("a\tb\nc\r\v\fd"); got != "a b c   d" {
		t.Errorf("OneLine = %q", got)
	}
}
