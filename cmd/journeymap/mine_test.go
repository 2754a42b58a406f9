package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

const runningExample = "../../eventlog/testdata/running-example.csv"

func TestMineRunningExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mined.yaml")
	code, stdout, stderr := runCmd("mine", runningExample, "--goal", "pay compensation", "--exit", "reject request", "-o", out)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	for _, want := range []string{"read 42 rows: 42 events", "cases 6, converted 3 (50.0%)", "top variants:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	j, err := journey.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var checkTicketDecide int64
	for _, tr := range j.Transitions {
		if tr.From == "check ticket" && tr.To == "decide" {
			checkTicketDecide = tr.Count
		}
	}
	if checkTicketDecide != 6 || len(j.Steps) != 8 {
		t.Fatalf("check ticket -> decide %d, %d steps", checkTicketDecide, len(j.Steps))
	}
	if code, _, stderr := runCmd("validate", out); code != exitOK {
		t.Fatalf("validate: %d %s", code, stderr)
	}
	if code, stdout, stderr := runCmd("analyze", out, "--format", "json"); code != exitOK || !strings.Contains(stdout, `"conversion"`) {
		t.Fatalf("analyze: %d %s", code, stderr)
	}
}

const segmentedLog = `customer,segment,channel,activity,timestamp
1,family,ads,ad,2026-01-01T10:00:00Z
1,family,site,site,2026-01-01T10:10:00Z
1,family,site,buy,2026-01-02T10:00:00Z
2,family,ads,ad,2026-01-01T11:00:00Z
2,family,site,site,2026-01-01T11:30:00Z
3,corporate,site,site,2026-01-03T09:00:00Z
3,corporate,phone,call,2026-01-03T09:30:00Z
3,corporate,site,buy,2026-01-04T09:00:00Z
3,corporate,email,review,2026-01-09T09:00:00Z
`

func TestMineSegmentsBecomePersonas(t *testing.T) {
	log := writeFile(t, "crm.csv", segmentedLog)
	out := filepath.Join(t.TempDir(), "mined.json")
	code, _, stderr := runCmd("mine", log, "--case", "customer", "--goal", "buy", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	j, err := journey.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Personas) != 2 || j.Personas[0].ID != "corporate" || j.Personas[1].Share != 2.0/3 {
		t.Fatalf("personas %+v", j.Personas)
	}
	if len(j.Touchpoints) != 4 {
		t.Fatalf("touchpoints %+v", j.Touchpoints)
	}
	for _, p := range []string{"family", "corporate"} {
		code, stdout, stderr := runCmd("analyze", out, "--persona", p, "--format", "json")
		if code != exitOK {
			t.Fatalf("analyze --persona %s: exit %d\n%s", p, code, stderr)
		}
		var rep struct {
			Flow *struct {
				Conversion float64 `json:"conversion"`
			} `json:"flow"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Flow == nil {
			t.Logf("the analysis has no flow (counts as customers at a step) yet: conversion not checked")
			continue
		}
		// Each persona's flow from its own counts gives its observed
		// conversion: family 1 of 2, corporate 1 of 1.
		want := map[string]float64{"family": 0.5, "corporate": 1}[p]
		if rep.Flow.Conversion != want {
			t.Errorf("persona %s: conversion %v, want %v", p, rep.Flow.Conversion, want)
		}
	}
	if !strings.Contains(stderr, "corporate") || !strings.Contains(stderr, "time to convert") {
		t.Errorf("summary:\n%s", stderr)
	}
}

func TestMineBadLog(t *testing.T) {
	log := writeFile(t, "bad.csv", "case_id,activity,timestamp\n1,a,2026-01-01\n,b,2026-01-02\n2,c,tomorrow\n3,d,2026-01-01,x\n")
	code, stdout, stderr := runCmd("mine", log)
	if code != exitInvalid || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], log+":3: missing-case: ") ||
		!strings.HasPrefix(lines[1], log+":4: bad-time: ") || !strings.HasPrefix(lines[2], log+":5: ragged-row: ") {
		t.Fatalf("stderr:\n%s", stderr)
	}
	code, stdout, stderr = runCmd("mine", log, "--skip-bad-rows")
	if code != exitOK || !strings.Contains(stdout, "steps:") {
		t.Fatalf("--skip-bad-rows: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"skipped 1 rows: missing-case", "skipped 1 rows: bad-time", "skipped 1 rows: ragged-row"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, stderr := runCmd("mine", filepath.Join(t.TempDir(), "none.csv")); code != exitInvalid || !strings.Contains(stderr, "read-error") {
		t.Fatalf("missing file: %d %s", code, stderr)
	}
	if code, _, _ := runCmd("mine"); code != exitInvalid {
		t.Fatalf("no LOG: %d", code)
	}
	if code, _, stderr := runCmd("mine", runningExample, "--window", "soon"); code != exitInvalid || !strings.Contains(stderr, "--window") {
		t.Fatalf("bad window: %d %s", code, stderr)
	}
}

func TestMineTemplate(t *testing.T) {
	tmpl := writeJourney(t, `id: shop
stages: [{id: browse}, {id: buy}]
steps:
  - {id: site, stage: browse, emotion: 1}
  - {id: buy, stage: buy}
transitions:
  - {from: site, to: buy, probability: 0.5}
entries: [site]
goals: [buy]
`)
	log := writeFile(t, "crm.csv", segmentedLog)
	code, stdout, stderr := runCmd("mine", log, "--case", "customer", "--template", tmpl, "--summary", "-", "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"emotion: 1", "not matching the template:", `activity "ad" is no step`, `"site" -> "call" is no transition`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestMineFormats(t *testing.T) {
	jsonl := writeFile(t, "log.jsonl", `{"case_id": "1", "activity": "a", "timestamp": 1700000000}
{"case_id": "1", "activity": "b", "timestamp": 1700000060}
`)
	code, stdout, stderr := runCmd("mine", jsonl, "--goal", "b")
	if code != exitOK || !strings.Contains(stdout, "from: a") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "time format Unix seconds") {
		t.Errorf("summary:\n%s", stderr)
	}
	tsv := writeFile(t, "log.dat", "case_id\tactivity\ttimestamp\n1\ta\t2026-01-01\n1\tb\t2026-01-02\n")
	if code, _, stderr := runCmd("mine", tsv, "--format", "csv", "--goal", "b"); code != exitOK {
		t.Fatalf("--format csv: %d %s", code, stderr)
	}
}

func TestMineStdin(t *testing.T) {
	log := "case_id,activity,timestamp\n1,a,2026-01-01\n1,b,2026-01-02\n2,a,2026-01-01\n"
	var out, errb strings.Builder
	code := runWithInput([]string{"mine", "-", "--goal", "b", "-o", "-"}, strings.NewReader(log), &out, &errb)
	if code != exitOK || !strings.Contains(out.String(), "from: a") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	code = runWithInput([]string{"mine", "-"}, strings.NewReader("case_id,activity,timestamp\n1,a,never\n"), &out, &errb)
	if code != exitInvalid || !strings.HasPrefix(errb.String(), "<stdin>:2: bad-time: ") {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
}

// TestMineTemplatePersonaFlow mines onto a template with two entries for
// every persona, where each segment always starts at its own: each
// persona's analysis starts its customers where they started (a persona's
// 0 at the other entry is a count), and gives the persona's observed
// conversion, with no equal split assumed.
func TestMineTemplatePersonaFlow(t *testing.T) {
	tmpl := writeJourney(t, `id: two-doors
stages: [{id: s1}, {id: s2}]
steps:
  - {id: a1, stage: s1}
  - {id: a2, stage: s1}
  - {id: b, stage: s2}
  - {id: c, stage: s2}
transitions:
  - {from: a1, to: b}
  - {from: a2, to: b}
  - {from: a2, to: c}
entries: [a1, a2]
goals: [b]
exits: [c]
`)
	log := writeFile(t, "doors.csv", `case_id,activity,timestamp,segment
p1,a1,2024-01-01 00:00:00,P
p1,b,2024-01-01 00:10:00,P
p2,a1,2024-01-01 00:00:00,P
p2,b,2024-01-01 00:20:00,P
q1,a2,2024-01-01 00:00:00,Q
q1,c,2024-01-01 00:30:00,Q
q2,a2,2024-01-01 00:00:00,Q
q2,b,2024-01-01 00:30:00,Q
q3,a2,2024-01-01 00:00:00,Q
q3,c,2024-01-01 00:40:00,Q
`)
	out := filepath.Join(t.TempDir(), "mined.yaml")
	if code, _, stderr := runCmd("mine", log, "--template", tmpl, "-o", out, "--quiet"); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for p, want := range map[string]struct{ customers, converted float64 }{"P": {2, 2}, "Q": {3, 1}} {
		code, stdout, stderr := runCmd("analyze", out, "--persona", p, "--format", "json")
		if code != exitOK {
			t.Fatalf("analyze --persona %s: exit %d\n%s", p, code, stderr)
		}
		var rep struct {
			Flow struct {
				Customers float64  `json:"customers"`
				Converted float64  `json:"converted"`
				Assumed   []string `json:"assumed"`
			} `json:"flow"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		f := rep.Flow
		if math.Abs(f.Customers-want.customers) > 1e-9 || math.Abs(f.Converted-want.converted) > 1e-9 || len(f.Assumed) != 0 {
			t.Errorf("persona %s: customers %v, converted %v, assumed %v; want %v and %v, none assumed", p, f.Customers, f.Converted, f.Assumed, want.customers, want.converted)
		}
	}
}
