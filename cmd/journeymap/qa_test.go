package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// problemLine is one problem on stderr: FILE:LINE:COL: code: message for a
// journey, FILE:ROW: code: message for a log, FILE: code: message where
// there is no position.
var problemLine = regexp.MustCompile(`^[^:]+(:\d+){0,2}: [a-z][a-z0-9-]*: .+$`)

// TestHostileInputs runs every command over inputs that are no journey or
// no log: each exits 2, says why on stderr in the FILE:LINE:COL: code:
// message form, and never panics.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"empty.yaml":   "",
		"junk.bin":     "\x00\xff\xfe binary \x01\x02\x03 junk",
		"inf.json":     `{"id":"x","steps":[{"id":"a","emotion":1e999}]}`,
		"nan.json":     `{"id":"x","steps":[{"id":"a","emotion":NaN}]}`,
		"neg.json":     `{"id":"x","stages":[{"id":"s"}],"steps":[{"id":"a","stage":"s","count":-5},{"id":"b","stage":"s"}],"transitions":[{"from":"a","to":"b","count":-3}],"entries":["a"],"goals":["b"]}`,
		"huge.json":    `{"id":"x","stages":[{"id":"s"}],"steps":[{"id":"a","stage":"s","count":99999999999999999999999}]}`,
		"empty.jsonl":  "",
		"notxes.xes":   "PAR1 this is not XML PAR1",
		"cut.xes":      `<log><trace><string key="concept:name" value="1"/><event>`,
		"badgz.csv.gz": "\x1f\x8b\x08\x00 cut short",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	journeys := []string{"empty.yaml", "junk.bin", "inf.json", "nan.json", "neg.json", "huge.json", ".", "missing.yaml"}
	logs := []string{"empty.yaml", "junk.bin", "empty.jsonl", "notxes.xes", "cut.xes", "badgz.csv.gz", ".", "missing.csv"}
	var runs [][]string
	for _, f := range journeys {
		f = filepath.Join(dir, f)
		runs = append(runs, []string{"validate", f}, []string{"analyze", f, "--format", "json"},
			[]string{"render", f, "-o", filepath.Join(dir, "out.svg")},
			[]string{"render", f, "-o", filepath.Join(dir, "map.svg"), "--view", "map"},
			[]string{"diff", f, filepath.Join("..", "..", "examples", "webshop", "after.yaml")},
			[]string{"diff", filepath.Join("..", "..", "examples", "webshop", "before.yaml"), f, "--fail-on-regression"})
	}
	for _, f := range logs {
		f = filepath.Join(dir, f)
		runs = append(runs, []string{"mine", f}, []string{"attribute", f, "--goal", "buy"})
	}
	for _, args := range runs {
		code, _, stderr := runCmd(args...)
		if code != exitInvalid {
			t.Errorf("%v: exit %d, want 2; stderr %q", args, code, stderr)
		}
		if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
			t.Errorf("%v: a panic on stderr:\n%s", args, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) == 0 || !problemLine.MatchString(lines[0]) {
			t.Errorf("%v: stderr does not start FILE:LINE:COL: code: message:\n%s", args, stderr)
		}
	}
	if names := dirEntries(t, dir); len(names) != len(files) {
		t.Errorf("files left behind: %v", names)
	}
}

// TestAttributeLogsAsPublished: the Bryl (2016) and Puzyrov (2019) examples
// as event logs, events out of order in the file, give the figures the
// authors published, under the contract's JSON keys.
func TestAttributeLogsAsPublished(t *testing.T) {
	bryl := "case_id,activity,timestamp,value\r\n" +
		"1,C1,2024-01-01 10:00:00,\r\n1,C2,2024-01-01 10:01:00,\r\n1,C3,2024-01-01 10:02:00,\r\n" +
		"1,buy,2024-01-01 10:03:00,1000\r\n2,C1,2024-01-01 10:00:00,\r\n" +
		"3,C3,2024-01-01 10:01:00,\r\n3,C2,2024-01-01 10:00:00,\r\n"
	puzyrov := "\ufeffcase_id\tactivity\ttimestamp\tchannel\n" +
		"1\tvisit\t1704103200000\tgoogle ads\n1\tbuy\t1704103300000\t\n" +
		"2\tbuy\t1704103300000\t\n2\tvisit\t1704103200000\tgoogle ads\n" +
		"3\tvisit\t1704103200000\tmailing\n3\tbuy\t1704103300000\t\n" +
		"4\tvisit\t1704103200000\tgoogle ads\n4\tvisit\t1704103250000\tmailing\n4\tbuy\t1704103300000\t\n" +
		"5\tvisit\t1704103200000\tgoogle ads\n"
	third := 1.0 / 3
	for _, c := range []struct {
		name, log  string
		conv, rate float64
		want       map[string][6]float64 // removal effect, markov, markov value, first, last, linear
	}{
		{"bryl.csv", bryl, 1, third, map[string][6]float64{
			"C1": {0.5, 0.2, 200, 1, 0, third}, "C2": {1, 0.4, 400, 0, 0, third}, "C3": {1, 0.4, 400, 0, 1, third}}},
		{"puzyrov.tsv", puzyrov, 4, 0.8, map[string][6]float64{
			"google ads": {0.75, 2.4, 0, 3, 2, 2.5}, "mailing": {0.5, 1.6, 0, 1, 2, 1.5}}},
	} {
		code, out, errOut := runAttributeArgs(t, writeInput(t, c.name, c.log), "--goal", "buy", "--format", "json")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.name, code, errOut)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &keys); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"conversions", "conversion_rate", "channels"} {
			if _, ok := keys[k]; !ok {
				t.Errorf("%s: no key %q", c.name, k)
			}
		}
		a := decodeAttribution(t, out)
		if *a.Conversions != c.conv || math.Abs(*a.ConversionRate-c.rate) > 1e-12 || len(a.Channels) != len(c.want) {
			t.Fatalf("%s: %s", c.name, out)
		}
		for _, ch := range a.Channels {
			w := c.want[ch.Channel]
			got := [6]float64{*ch.RemovalEffect, *ch.Markov, *ch.MarkovValue, *ch.FirstTouch, *ch.LastTouch, *ch.Linear}
			for i := range got {
				if math.Abs(got[i]-w[i]) > 1e-9 {
					t.Errorf("%s %s: %v, want %v", c.name, ch.Channel, got, w)
					break
				}
			}
		}
	}
}

// TestDiffContractKeys: diff --format json has every key DESIGN.md names,
// with conversion {before, after} and the stages' keys.
func TestDiffContractKeys(t *testing.T) {
	before := filepath.Join("..", "..", "examples", "webshop", "before.yaml")
	after := filepath.Join("..", "..", "examples", "webshop", "after.yaml")
	code, out, errOut := runCmd("diff", after, before, "--format", "json", "--fail-on-regression")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1: %s", code, errOut)
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"added_steps", "removed_steps", "changed_steps", "added_transitions",
		"removed_transitions", "added_barriers", "removed_barriers", "conversion", "stages", "regressions"} {
		if _, ok := d[k]; !ok {
			t.Errorf("no key %q", k)
		}
	}
	var conv map[string]*float64
	if err := json.Unmarshal(d["conversion"], &conv); err != nil || conv["before"] == nil || conv["after"] == nil {
		t.Errorf("conversion %s", d["conversion"])
	}
	var stages []map[string]json.RawMessage
	if err := json.Unmarshal(d["stages"], &stages); err != nil || len(stages) == 0 {
		t.Fatalf("stages %s", d["stages"])
	}
	for _, k := range []string{"stage", "reach_before", "reach_after", "emotion_before", "emotion_after"} {
		if _, ok := stages[0][k]; !ok {
			t.Errorf("stages: no key %q", k)
		}
	}
	var regs []map[string]any
	if err := json.Unmarshal(d["regressions"], &regs); err != nil || len(regs) == 0 {
		t.Errorf("regressions %s", d["regressions"])
	}
	var kinds []string
	for _, r := range regs {
		kinds = append(kinds, r["kind"].(string))
	}
	if !slices.Contains(kinds, "lower-conversion") {
		t.Errorf("regression kinds %v", kinds)
	}
	// Without numbers, conversion is null on both sides.
	plain := writeFile(t, "plain.yaml", "id: x\nstages: [{id: s}]\nsteps: [{id: a, stage: s}, {id: b, stage: s}]\ntransitions: [{from: a, to: b}]\nentries: [a]\ngoals: [b]\n")
	code, out, _ = runCmd("diff", plain, plain, "--format", "json", "--fail-on-regression")
	if code != exitOK || !strings.Contains(out, `"conversion": {
    "before": null,
    "after": null
  }`) {
		t.Errorf("exit %d, %s", code, out)
	}
}

// TestHelpTopics: help for a command prints it and exits 0; help for one
// that does not exist is a usage error, exit 2 (cobra's own help exited 0).
func TestHelpTopics(t *testing.T) {
	if code, out, _ := runCmd("help", "mine"); code != exitOK || !strings.Contains(out, "journeymap mine") {
		t.Errorf("help mine: exit %d\n%s", code, out)
	}
	if code, out, _ := runCmd("help"); code != exitOK || !strings.Contains(out, "diff") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	code, _, stderr := runCmd("help", "nosuch")
	if code != exitInvalid || !strings.Contains(stderr, `unknown help topic "nosuch"`) {
		t.Errorf("help nosuch: exit %d, stderr %q", code, stderr)
	}
}

// TestAttributeUTF16: a path table saved as UTF-16 (Excel's "Unicode
// text") is refused as such, not taken for an event log that needs --goal.
func TestAttributeUTF16(t *testing.T) {
	text := "path\ttotal_conversions\ttotal_null\na\t1\t0\n"
	b := []byte{0xff, 0xfe}
	for _, r := range text {
		b = append(b, byte(r), 0)
	}
	code, _, stderr := runAttributeArgs(t, writeInput(t, "u16.txt", string(b)))
	if code != exitInvalid || !strings.Contains(stderr, "u16.txt:1: read-error: the file is UTF-16; save it as UTF-8") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestMineTwoStdins: LOG and --template both "-" is a usage error; the
// template used to swallow the log and fail as a journey.
func TestMineTwoStdins(t *testing.T) {
	code, _, stderr := runStdin("case_id,activity,timestamp\n1,a,2024-01-01\n", "mine", "-", "--template", "-")
	if code != exitInvalid || !strings.Contains(stderr, "only one of LOG and --template can be standard input") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
