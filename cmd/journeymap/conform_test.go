package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// claimsYAML is a designed journey for the running example of van der
// Aalst's book (eventlog/testdata/running-example.csv): the happy paths,
// no reinitiation, and a step no case visits.
const claimsYAML = `id: claims
name: Claims
stages:
  - {id: s, name: Claims}
steps:
  - {id: register request, stage: s, action: registers}
  - {id: examine casually, stage: s, action: examines}
  - {id: examine thoroughly, stage: s, action: examines}
  - {id: check ticket, stage: s, action: checks}
  - {id: decide, stage: s, action: decides}
  - {id: pay compensation, stage: s, action: pays}
  - {id: reject request, stage: s, action: rejects}
  - {id: send letter, stage: s, action: writes}
transitions:
  - {from: register request, to: examine casually}
  - {from: register request, to: examine thoroughly}
  - {from: examine casually, to: check ticket}
  - {from: examine thoroughly, to: check ticket}
  - {from: check ticket, to: decide}
  - {from: decide, to: pay compensation}
  - {from: decide, to: reject request}
  - {from: decide, to: send letter}
entries: [register request]
goals: [pay compensation]
exits: [reject request, send letter]
`

const runningLog = "../../eventlog/testdata/running-example.csv"

func runConform(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"conform"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// conformJSON is the contract's JSON of journeymap conform.
type conformJSON struct {
	Cases                 *int64   `json:"cases"`
	FittingCases          *int64   `json:"fitting_cases"`
	Fitness               *float64 `json:"fitness"`
	UnmodelledTransitions []struct {
		From  string `json:"from"`
		To    string `json:"to"`
		Count int64  `json:"count"`
	} `json:"unmodelled_transitions"`
	UnmodelledActivities []struct {
		Activity string `json:"activity"`
		Count    int64  `json:"count"`
	} `json:"unmodelled_activities"`
	UnvisitedSteps []string `json:"unvisited_steps"`
	WrongStarts    []struct {
		Activity string `json:"activity"`
		Count    int64  `json:"count"`
	} `json:"wrong_starts"`
	Personas []struct {
		Persona string   `json:"persona"`
		Cases   int64    `json:"cases"`
		Fitness *float64 `json:"fitness"`
	} `json:"personas"`
	TimeToConvert *struct {
		Cases       int64 `json:"cases"`
		Converted   int64 `json:"converted"`
		ConvertTime *struct {
			Median float64 `json:"median"`
			P90    float64 `json:"p90"`
		} `json:"convert_time"`
		Segments []struct {
			Segment   string `json:"segment"`
			Cases     int64  `json:"cases"`
			Converted int64  `json:"converted"`
		} `json:"segments"`
		EntryChannels []struct {
			Channel   string `json:"channel"`
			Cases     int64  `json:"cases"`
			Converted int64  `json:"converted"`
		} `json:"entry_channels"`
	} `json:"time_to_convert"`
}

func decodeConform(t *testing.T, out string) conformJSON {
	t.Helper()
	var c conformJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return c
}

// TestConformCommandRunningExample checks the figures worked out by hand in
// eventlog's TestConformRunningExample, through the command and its JSON.
func TestConformCommandRunningExample(t *testing.T) {
	j := writeInput(t, "claims.yaml", claimsYAML)
	code, out, errOut := runConform(t, j, runningLog, "--format", "json")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	c := decodeConform(t, out)
	if c.Cases == nil || *c.Cases != 6 || *c.FittingCases != 2 || *c.Fitness != 28.0/42 {
		t.Errorf("cases, fitting, fitness: %v %v %v", *c.Cases, *c.FittingCases, *c.Fitness)
	}
	if len(c.UnmodelledTransitions) != 9 || c.UnmodelledTransitions[0].From != "decide" || c.UnmodelledTransitions[0].To != "reinitiate request" || c.UnmodelledTransitions[0].Count != 3 {
		t.Errorf("unmodelled transitions %+v", c.UnmodelledTransitions)
	}
	if len(c.UnmodelledActivities) != 1 || c.UnmodelledActivities[0].Activity != "reinitiate request" || c.UnmodelledActivities[0].Count != 3 {
		t.Errorf("unmodelled activities %+v", c.UnmodelledActivities)
	}
	if len(c.UnvisitedSteps) != 1 || c.UnvisitedSteps[0] != "send letter" || c.WrongStarts == nil || len(c.WrongStarts) != 0 || c.Personas == nil {
		t.Errorf("unvisited %v, wrong starts %v, personas %v", c.UnvisitedSteps, c.WrongStarts, c.Personas)
	}
	tc := c.TimeToConvert
	if tc == nil || tc.Cases != 6 || tc.Converted != 3 || tc.ConvertTime == nil || tc.ConvertTime.Median != 852300 {
		t.Errorf("time to convert %+v", tc)
	}
}

func TestConformCommandFailBelow(t *testing.T) {
	j := writeInput(t, "claims.yaml", claimsYAML)
	code, out, errOut := runConform(t, j, runningLog, "--fail-below", "0.7")
	if code != exitFindings || !strings.Contains(errOut, "fitness 0.6667 is below --fail-below 0.7") || !strings.Contains(out, "fitness 0.6667") {
		t.Errorf("exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	if code, _, errOut := runConform(t, j, runningLog, "--fail-below", "0.6"); code != exitOK {
		t.Errorf("exit %d: %s", code, errOut)
	}
	for _, bad := range [][]string{{"--fail-below", "1.5"}, {"--fail-below", "-0.1"}, {"--fail-below", "NaN"}, {"--format", "yaml"}} {
		if code, _, errOut := runConform(t, append([]string{j, runningLog}, bad...)...); code != exitInvalid || !strings.Contains(errOut, "usage:") {
			t.Errorf("%v: exit %d, %s", bad, code, errOut)
		}
	}
	if code, _, errOut := runConform(t, j); code != exitInvalid || !strings.Contains(errOut, "want a JOURNEY and a LOG") {
		t.Errorf("one argument: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runConform(t, "-", "-"); code != exitInvalid || !strings.Contains(errOut, "only one of JOURNEY and LOG") {
		t.Errorf("two stdins: exit %d, %s", code, errOut)
	}
}

func TestConformCommandFormats(t *testing.T) {
	j := writeInput(t, "claims.yaml", claimsYAML)
	code, md, errOut := runConform(t, j, runningLog, "--format", "markdown")
	if code != exitOK || !strings.HasPrefix(md, "# Conformance\n") || !strings.Contains(md, "| `decide` | `reinitiate request` | 3 |") {
		t.Errorf("exit %d %s\n%s", code, errOut, md)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "report.txt")
	if code, stdout, errOut := runConform(t, j, runningLog, "-o", out); code != exitOK || stdout != "" {
		t.Fatalf("exit %d: %s %s", code, stdout, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), `unvisited steps: "send letter"`) || !strings.Contains(string(b), "entry channel") {
		t.Errorf("%v\n%s", err, b)
	}
}

// TestConformCommandColumnsAndStdin: a log with its own column names, on
// standard input, with segments naming personas and one that names none.
func TestConformCommandColumnsAndStdin(t *testing.T) {
	j := writeInput(t, "shop.yaml", `id: shop
name: Shop
stages: [{id: s, name: Shop}]
personas: [{id: pro, name: Pros}]
steps:
  - {id: ad, stage: s, action: sees the ad}
  - {id: buy, stage: s, action: buys}
transitions: [{from: ad, to: buy}]
entries: [ad]
goals: [buy]
`)
	log := "customer;what;when;tier;via\n" +
		"1;ad;2024-01-01T10:00:00Z;pro;web\n1;buy;2024-01-01T10:30:00Z;pro;web\n" +
		"2;mail;2024-01-01T10:00:00Z;vip;mail\n2;buy;2024-01-01T12:00:00Z;vip;\n" +
		"3;ad;2024-01-02T10:00:00Z;;web\n"
	var out, errOut bytes.Buffer
	code := runWithInput([]string{"conform", j, "-", "--case", "customer", "--activity", "what", "--time", "when", "--segment", "tier", "--touchpoint", "via", "--format", "json"},
		strings.NewReader(log), &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	c := decodeConform(t, out.String())
	// Moves: 1 start + 1 pair allowed; 2: a wrong start and an unmodelled
	// pair; 3: a start allowed.
	if *c.Cases != 3 || *c.FittingCases != 2 || *c.Fitness != 3.0/5 {
		t.Errorf("cases %d fitting %d fitness %v", *c.Cases, *c.FittingCases, *c.Fitness)
	}
	if len(c.Personas) != 1 || c.Personas[0].Persona != "pro" || c.Personas[0].Cases != 1 || *c.Personas[0].Fitness != 1 {
		t.Errorf("personas %+v", c.Personas)
	}
	tc := c.TimeToConvert
	if len(tc.Segments) != 3 || len(tc.EntryChannels) != 2 || tc.EntryChannels[0].Channel != "mail" || tc.EntryChannels[1].Channel != "web" || tc.EntryChannels[1].Cases != 2 || tc.EntryChannels[1].Converted != 1 {
		t.Errorf("time to convert %+v", tc)
	}
}

func TestConformCommandBadInput(t *testing.T) {
	j := writeInput(t, "claims.yaml", claimsYAML)
	log := writeInput(t, "bad.csv", "case_id,activity,timestamp\n1,a,2024-01-01T00:00:00Z\n2,,2024-01-01T00:00:00Z\n3,b,yesterday\n")
	code, out, errOut := runConform(t, j, log)
	if code != exitInvalid || out != "" || !strings.Contains(errOut, log+":3: missing-activity") || !strings.Contains(errOut, log+":4: bad-time") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if code, _, errOut := runConform(t, j, log, "--skip-bad-rows"); code != exitOK {
		t.Errorf("--skip-bad-rows: exit %d: %s", code, errOut)
	}
	broken := writeInput(t, "broken.yaml", "id: x\nsteps: [{id: a}]\ntransitions: [{from: a, to: nowhere}]\n")
	if code, _, errOut := runConform(t, broken, runningLog); code != exitInvalid || !strings.Contains(errOut, "broken.yaml:") {
		t.Errorf("invalid journey: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runConform(t, j, filepath.Join(t.TempDir(), "none.csv")); code != exitInvalid || !strings.Contains(errOut, "read-error") {
		t.Errorf("missing log: exit %d: %s", code, errOut)
	}
	empty := writeInput(t, "empty.csv", "case_id,activity,timestamp\n")
	if code, _, errOut := runConform(t, j, empty); code != exitInvalid || !strings.Contains(errOut, "empty-log") {
		t.Errorf("empty log: exit %d: %s", code, errOut)
	}
}

func TestRenderLogOverlay(t *testing.T) {
	j := writeInput(t, "claims.yaml", claimsYAML)
	var out, errOut bytes.Buffer
	code := run([]string{"render", j, "-o", "-", "--format", "dot", "--log", runningLog}, &out, &errOut)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	dot := out.String()
	for _, want := range []string{
		`"register request" -> "examine casually" [label="seen 3", penwidth=`,
		`"decide" -> "send letter" [label="seen 0", style=dotted`,
		`NOT IN THE JOURNEY\nreinitiate request`,
		`label="unmodelled\nseen 3", style=dashed`,
		`UNVISITED`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("the DOT lacks %q:\n%s", want, dot)
		}
	}
	for _, bad := range [][]string{
		{"-o", "x.mmd", "--log", runningLog},
		{"-o", "x.svg", "--view", "map", "--log", runningLog},
		{"-o", "x.dot", "--case", "id"},
	} {
		var o, e bytes.Buffer
		if code := run(append([]string{"render", j}, bad...), &o, &e); code != exitInvalid || !strings.Contains(e.String(), "usage:") {
			t.Errorf("%v: exit %d: %s", bad, code, e.String())
		}
	}
	var o, e bytes.Buffer
	bad := writeInput(t, "bad.csv", "case_id,activity,timestamp\n1,a,never\n")
	if code := run([]string{"render", j, "-o", "-", "--format", "dot", "--log", bad}, &o, &e); code != exitInvalid || o.Len() != 0 || !strings.Contains(e.String(), bad+":2: bad-time") {
		t.Errorf("bad log: exit %d: %s", code, e.String())
	}
}

// TestRenderLogPersona: with --persona, the picture shows that persona's
// cases; a persona with none has every step unvisited.
func TestRenderLogPersona(t *testing.T) {
	j := writeInput(t, "shop.yaml", `id: shop
name: Shop
stages: [{id: s, name: Shop}]
personas: [{id: pro, name: Pros}, {id: new, name: Newcomers}]
steps:
  - {id: ad, stage: s, action: sees the ad}
  - {id: buy, stage: s, action: buys}
transitions: [{from: ad, to: buy}]
entries: [ad]
goals: [buy]
`)
	log := writeInput(t, "log.csv", "case_id,activity,timestamp,segment\n"+
		"1,ad,2024-01-01T10:00:00Z,pro\n1,buy,2024-01-01T10:30:00Z,pro\n"+
		"2,ad,2024-01-01T10:00:00Z,\n2,buy,2024-01-01T12:00:00Z,\n3,ad,2024-01-01T10:00:00Z,\n3,buy,2024-01-01T12:00:00Z,\n")
	dot := func(persona string) string {
		var o, e bytes.Buffer
		if code := run([]string{"render", j, "-o", "-", "--format", "dot", "--log", log, "--persona", persona, "--no-legend"}, &o, &e); code != exitOK {
			t.Fatalf("exit %d: %s", code, e.String())
		}
		return o.String()
	}
	if d := dot("pro"); !strings.Contains(d, `label="seen 1"`) || strings.Contains(d, "UNVISITED") {
		t.Errorf("pro:\n%s", d)
	}
	if d := dot("new"); !strings.Contains(d, `label="seen 0"`) || strings.Count(d, "UNVISITED") != 2 {
		t.Errorf("new:\n%s", d)
	}
}
