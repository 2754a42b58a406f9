package render

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestDotLabel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`a\b`, `"a\\b"`},
		{`\N \G \l`, `"\\N \\G \\l"`},
		{"two\nlines", `"two\nlines"`},
		{"cr\r\nlf\rx\u2028y", `"cr\nlf\nx\ny"`},
		{"tab\there", `"tab here"`},
		{"bell\x07 nul\x00 del\x7f c1\u0085", `"bell nul del c1"`},
		{"bad \xff byte", "\"bad \uFFFD byte\""},
		{`<b>{x}|y</b>`, `"<b>{x}|y</b>"`},
		{`R&amp;D`, `"R&amp;amp;D"`},
		{"عربى 😀 \u202e", "\"عربى 😀 \u202e\""},
	} {
		assert.Equal(t, c.want, dotLabel(c.in), "%q", c.in)
	}
	assert.Equal(t, `"a\lb\\l\l"`, dotLabelLeft("a", `b\l`))
	assert.Equal(t, `"x\ly\l"`, dotLabelLeft("x\ny"))
}

// undotID undoes dotID's escapes, as DOT keeps them in the name.
func undotID(s string) string {
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case '\\', '"':
			b.WriteByte(s[i])
		case 'n':
			b.WriteByte('\n')
		case 'x':
			var v byte
			for _, c := range s[i+1 : i+3] {
				v = v*16 + byte(strings.IndexRune("0123456789abcdef", c))
			}
			b.WriteByte(v)
			i += 2
		case 'u':
			end := strings.IndexByte(s[i:], '}')
			var v rune
			for _, c := range s[i+2 : i+end] {
				v = v*16 + rune(strings.IndexRune("0123456789abcdef", c))
			}
			b.WriteRune(v)
			i += end
		}
	}
	return b.String()
}

// TestDotIDRoundTrip checks on random strings that dotID is quoted, valid
// UTF-8 with no raw control characters or unescaped quotes, and can be
// undone: distinct IDs stay distinct.
func TestDotIDRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "%", "\\", "\"", "\n", "\x00", "\x1f", "\x7f", "\u0085", "\u2028", "\xff", "\xc3", "é", "😀", "x", " "}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		q := dotID(s)
		assert.True(t, utf8.ValidString(q), "%q", s)
		assert.Equal(t, s, undotID(q), "%q -> %s", s, q)
		inner := q[1 : len(q)-1]
		assert.False(t, strings.HasPrefix(inner, "%"), "%q", q)
		for i := 0; i < len(inner); i++ {
			assert.False(t, inner[i] < 0x20 || inner[i] == 0x7f, "%q has a raw control character", q)
			if inner[i] == '\\' {
				i++ // the escaped character
				continue
			}
			assert.NotEqual(t, byte('"'), inner[i], "%q has a bare quote", q)
		}
	}
}

func TestWrap(t *testing.T) {
	assert.Nil(t, wrap("", 10))
	assert.Nil(t, wrap(" \n\t ", 10))
	assert.Equal(t, []string{"short"}, wrap("short", 10))
	assert.Equal(t, []string{"one two", "three four"}, wrap("one two three four", 10))
	assert.Equal(t, []string{"averyveryverylongword", "x"}, wrap("averyveryverylongword x", 10))
	assert.Equal(t, []string{"a", "b c"}, wrap("a\n\nb   c", 10))
	assert.Equal(t, []string{"ééééé", "ééééé"}, wrap("ééééé ééééé", 10), "width counts runes")
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"a", "bb", "ccc", "dddddddddddd", "é😀", " ", "  ", "\n"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString(" ")
		}
		s := b.String()
		w := 1 + r.IntN(12)
		lines := wrap(s, w)
		assert.Equal(t, strings.Fields(s), strings.Fields(strings.Join(lines, " ")), "%q", s)
		for _, l := range lines {
			assert.True(t, utf8.RuneCountInString(l) <= w || !strings.Contains(l, " "), "%q wraps %q at %d", s, l, w)
		}
	}
}

func TestMermaidJourneyText(t *testing.T) {
	assert.Equal(t, "a b c d", mermaidJourneyText("a:b;c#d", false))
	assert.Equal(t, "x, y", mermaidJourneyText("x, y", false))
	assert.Equal(t, "x y", mermaidJourneyText("x, y", true))
	assert.Equal(t, "100% %{init}%", mermaidJourneyText("100%%% %%{init}%%", false))
	assert.Equal(t, "two lines", mermaidJourneyText("two\r\nlines\x00", false))
	assert.Equal(t, "\u200bTitle page", mermaidTaskName("Title page"))
	assert.Equal(t, "\u200bjourneys", mermaidTaskName("journeys"))
	assert.Equal(t, "A title", mermaidTaskName("A title"))
}

func TestMermaidString(t *testing.T) {
	assert.Equal(t, "#quot;a#quot; #35;1#59; #lt;b#gt; #amp; x#58;y #37; #96; #124;<br/>z", mermaidString(`"a" #1; <b> & x:y % `+"` |\nz"))
	assert.Equal(t, "a<br/>b", mermaidString("a", "b"))
}
