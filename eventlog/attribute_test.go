package eventlog

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

func splitChans(s string) []string {
	parts := strings.Split(s, ">")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func attrNear(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

type wantCredit struct {
	channel             string
	re, markov, value   float64
	first, last, linear float64
}

func checkCredits(t *testing.T, a *Attribution, want []wantCredit) {
	t.Helper()
	if len(a.Channels) != len(want) {
		t.Fatalf("channels = %+v, want %d", a.Channels, len(want))
	}
	for i, w := range want {
		c := a.Channels[i]
		if c.Channel != w.channel {
			t.Errorf("channel %d = %q, want %q", i, c.Channel, w.channel)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"removal_effect", c.RemovalEffect, w.re},
			{"markov", c.Markov, w.markov},
			{"markov_value", c.MarkovValue, w.value},
			{"first_touch", c.FirstTouch, w.first},
			{"last_touch", c.LastTouch, w.last},
			{"linear", c.Linear, w.linear},
		} {
			if !attrNear(f.got, f.want) {
				t.Errorf("%s %s = %v, want %v", w.channel, f.name, f.got, f.want)
			}
		}
	}
}

// TestAttributeBryl is the example of Sergey Bryl, "Marketing Multi-Channel
// Attribution model with R (part 1: Markov chain concept)", 2016.
func TestAttributeBryl(t *testing.T) {
	paths := []Path{
		{Channels: splitChans("C1 > C2 > C3"), Conversions: 1, Value: 1000},
		{Channels: splitChans("C1"), Nulls: 1},
		{Channels: splitChans("C2 > C3"), Nulls: 1},
	}
	a, err := Attribute(paths, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Order != 1 || a.Conversions != 1 || a.Nulls != 2 || a.Value != 1000 || !attrNear(a.ConversionRate, 1.0/3) {
		t.Errorf("totals = %+v", a)
	}
	third := 1.0 / 3
	checkCredits(t, a, []wantCredit{
		{"C1", 0.5, 0.2, 200, 1, 0, third},
		{"C2", 1, 0.4, 400, 0, 0, third},
		{"C3", 1, 0.4, 400, 0, 1, third},
	})
	if len(a.Warnings) != 0 {
		t.Errorf("warnings: %v", a.Warnings)
	}
}

// TestAttributePuzyrov is the example whose transitions Valeriy Puzyrov
// published (2019): P(conversion) = 0.8, removal effects 0.75 and 0.5. The
// two google ads rows are one path: their counts add up.
func TestAttributePuzyrov(t *testing.T) {
	paths := []Path{
		{Channels: splitChans("google ads"), Conversions: 2},
		{Channels: splitChans("mailing"), Conversions: 1},
		{Channels: splitChans("google ads > mailing"), Conversions: 1},
		{Channels: splitChans("google ads"), Nulls: 1},
	}
	a, err := Attribute(paths, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Conversions != 4 || a.Nulls != 1 || !attrNear(a.ConversionRate, 0.8) {
		t.Errorf("totals = %+v", a)
	}
	checkCredits(t, a, []wantCredit{
		{"google ads", 0.75, 2.4, 0, 3, 2, 2.5},
		{"mailing", 0.5, 1.6, 0, 1, 2, 1.5},
	})
	// P(conversion) itself: the chain solved without removal.
	c, err := buildChain(paths, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := bruteConversion(c.names, bruteTransitions(paths, 1), ""); !attrNear(p, 0.8) {
		t.Errorf("P(conversion) = %v, want 0.8", p)
	}
}

// TestAttributeLinearRepeats: linear counts every touch, repeats included,
// while the chain collapses them.
func TestAttributeLinearRepeats(t *testing.T) {
	a, err := Attribute([]Path{{Channels: splitChans("a > a > b"), Conversions: 1}}, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkCredits(t, a, []wantCredit{
		{"a", 1, 0.5, 0, 1, 0, 2.0 / 3},
		{"b", 1, 0.5, 0, 0, 1, 1.0 / 3},
	})
}

// TestAttributeNoConversions: every figure is defined when nothing converts.
func TestAttributeNoConversions(t *testing.T) {
	for _, paths := range [][]Path{
		{{Channels: splitChans("a > b"), Nulls: 3}, {Channels: splitChans("b"), Nulls: 1}},
		{{Channels: splitChans("a > b")}},
		nil,
	} {
		a, err := Attribute(paths, AttributionOptions{Order: 2})
		if err != nil {
			t.Fatal(err)
		}
		if a.Conversions != 0 || a.ConversionRate != 0 {
			t.Errorf("totals = %+v", a)
		}
		for _, c := range a.Channels {
			for _, x := range []float64{c.RemovalEffect, c.Markov, c.MarkovValue, c.FirstTouch, c.LastTouch, c.Linear} {
				if x != 0 {
					t.Errorf("%+v: want all 0", c)
				}
			}
		}
		if a.Channels == nil {
			t.Errorf("channels nil, want an empty list (JSON [])")
		}
	}
}

// TestAttributeOrderAboveLongest: each path is one state; a channel's removal
// effect is the share of the conversions on paths that hold it.
func TestAttributeOrderAboveLongest(t *testing.T) {
	paths := []Path{
		{Channels: splitChans("a > b"), Conversions: 1, Nulls: 1},
		{Channels: splitChans("b"), Conversions: 3, Nulls: 1},
		{Channels: splitChans("c > a > c"), Conversions: 4},
	}
	a, err := Attribute(paths, AttributionOptions{Order: 9})
	if err != nil {
		t.Fatal(err)
	}
	// P(conv) = 8/10; without a: 3/10; without b: 4/10; without c: 4/10.
	checkCredits(t, a, []wantCredit{
		{"a", 5.0 / 8, 8 * (5.0 / 8) / (5.0/8 + 0.5 + 0.5), 0, 1, 0, 1.0/2 + 4.0/3},
		{"b", 0.5, 8 * 0.5 / (5.0/8 + 1), 0, 3, 4, 1.0/2 + 3},
		{"c", 0.5, 8 * 0.5 / (5.0/8 + 1), 0, 4, 4, 8.0 / 3},
	})
	if codes := a.Warnings.Codes(); len(codes) != 1 || codes[0] != CodeOrderAboveLongest {
		t.Errorf("warnings = %v", a.Warnings)
	}
}

func TestAttributeBadInput(t *testing.T) {
	paths := []Path{
		{Channels: nil, Conversions: 1},
		{Channels: []string{"a", " "}, Conversions: 1},
		{Channels: splitChans("a"), Conversions: -1},
		{Channels: splitChans("a"), Nulls: math.NaN()},
		{Channels: splitChans("a"), Value: math.Inf(1)},
	}
	_, err := Attribute(paths, AttributionOptions{Order: -1})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want Problems", err)
	}
	want := []string{CodeBadOrder, CodeEmptyPath, CodeEmptyChannel, CodeNegativeCount, CodeBadNumber, CodeBadNumber}
	if got := ps.Codes(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("codes = %v, want %v", got, want)
	}
	if ps[2].Row != 2 || ps[3].Row != 3 || ps[3].Column != "conversions" {
		t.Errorf("rows and columns: %+v", ps)
	}
}

func TestAttributeSimilarChannels(t *testing.T) {
	paths := []Path{
		{Channels: splitChans("Google Ads > email"), Conversions: 1},
		{Channels: splitChans("google ads > googleads"), Conversions: 1},
	}
	a, err := Attribute(paths, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Channels) != 4 {
		t.Errorf("channels = %v, want the 4 kept apart", a.Channels)
	}
	if len(a.Warnings) != 1 || a.Warnings[0].Code != CodeSimilarChannels ||
		!strings.Contains(a.Warnings[0].Message, `"Google Ads", "google ads", "googleads"`) {
		t.Errorf("warnings = %v", a.Warnings)
	}
}

func TestAttributeOverflow(t *testing.T) {
	_, err := Attribute([]Path{{Channels: splitChans("a"), Conversions: math.MaxFloat64}, {Channels: splitChans("b"), Nulls: math.MaxFloat64}}, AttributionOptions{})
	var ps Problems
	if !errors.As(err, &ps) || ps[0].Code != CodeBadNumber {
		t.Errorf("err = %v", err)
	}
}

func TestAttributionWriters(t *testing.T) {
	a, err := Attribute([]Path{
		{Channels: splitChans("C1 > C2 > C3"), Conversions: 1, Value: 1000},
		{Channels: splitChans("C1"), Nulls: 1},
		{Channels: []string{"C2", "x|`y\x1b"}, Nulls: 1},
		{Channels: splitChans("c1"), Nulls: 1},
	}, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var md, js strings.Builder
	if err := a.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# Attribution (Markov order 1)\n",
		"| 4 | 1 | 3 | 0.25 | 1000 |\n",
		"| `C1` | 0.5 | 0.2 | 200 | 1 | 0 | 0.3333 |\n",
		"| `` x\\|`y\\x1b `` | 0 | 0 | 0 | 0 | 0 | 0 |\n",
		"- similar-channels: channels \"C1\", \"c1\" differ only in letter case or spaces; they are kept apart\n",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if err := a.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Conversions    *float64 `json:"conversions"`
		ConversionRate *float64 `json:"conversion_rate"`
		Channels       []map[string]any
	}
	if err := json.Unmarshal([]byte(js.String()), &back); err != nil {
		t.Fatal(err)
	}
	if back.Conversions == nil || *back.Conversions != 1 || back.ConversionRate == nil || *back.ConversionRate != 0.25 {
		t.Errorf("json totals: %s", js.String())
	}
	keys := []string{"channel", "removal_effect", "markov", "markov_value", "first_touch", "last_touch", "linear"}
	for _, c := range back.Channels {
		for _, k := range keys {
			if _, ok := c[k]; !ok || len(c) != len(keys) {
				t.Errorf("channel %v: want exactly the keys %v", c, keys)
			}
		}
	}
	var nilA *Attribution
	if nilA.WriteText(&md) == nil || nilA.WriteMarkdown(&md) == nil || nilA.WriteJSON(&md) == nil {
		t.Error("nil attribution written without error")
	}
	if err := a.WriteText(attrFailWriter{}); err == nil {
		t.Error("write error dropped")
	}
}

type attrFailWriter struct{}

func (attrFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func ExampleAttribution_WriteMarkdown() {
	a, err := Attribute([]Path{
		{Channels: []string{"google ads"}, Conversions: 2},
		{Channels: []string{"mailing"}, Conversions: 1},
		{Channels: []string{"google ads", "mailing"}, Conversions: 1},
		{Channels: []string{"google ads"}, Nulls: 1},
	}, AttributionOptions{Order: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := a.WriteMarkdown(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Attribution (Markov order 1)
	//
	// | Paths | Conversions | Nulls | Conversion rate | Value |
	// |---:|---:|---:|---:|---:|
	// | 4 | 4 | 1 | 0.8 | 0 |
	//
	// | Channel | Removal effect | Markov | Markov value | First touch | Last touch | Linear |
	// |---|---:|---:|---:|---:|---:|---:|
	// | `google ads` | 0.75 | 2.4 | 0 | 3 | 2 | 2.5 |
	// | `mailing` | 0.5 | 1.6 | 0 | 1 | 2 | 1.5 |
}

func ExampleAttribution_WriteJSON() {
	a, err := Attribute([]Path{{Channels: []string{"email", "email", "web"}, Conversions: 1, Value: 30}}, AttributionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := a.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "order": 1,
	//   "paths": 1,
	//   "conversions": 1,
	//   "nulls": 0,
	//   "value": 30,
	//   "conversion_rate": 1,
	//   "channels": [
	//     {
	//       "channel": "email",
	//       "removal_effect": 1,
	//       "markov": 0.5,
	//       "markov_value": 15,
	//       "first_touch": 1,
	//       "last_touch": 0,
	//       "linear": 0.6666666666666666
	//     },
	//     {
	//       "channel": "web",
	//       "removal_effect": 1,
	//       "markov": 0.5,
	//       "markov_value": 15,
	//       "first_touch": 0,
	//       "last_touch": 1,
	//       "linear": 0.3333333333333333
	//     }
	//   ]
	// }
}

// TestAttributeWindows: at order 2, a > a > b has the windows (a a) and
// (a b), and a > a > a > b the same two, the repeated (a a) counted once,
// as ChannelAttribution forms them from the touches as written.
func TestAttributeWindows(t *testing.T) {
	for _, p := range []string{"a > a > b", "a > a > a > b"} {
		c, err := buildChain([]Path{{Channels: splitChans(p), Conversions: 1}}, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := range c.from {
			got = append(got, fmt.Sprintf("%d→%d", c.from[i], c.to[i]))
		}
		// start 0 → (a a) 3 → (a b) 4 → conversion 1.
		if c.states != 5 || strings.Join(got, " ") != "0→3 3→4 4→1" {
			t.Errorf("%s: %d states, transitions %v", p, c.states, got)
		}
	}
}
