package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// export reads the bundled export with encoding/csv, apart from eventlog.
func export(t *testing.T) [][]string {
	t.Helper()
	z, err := gzip.NewReader(bytes.NewReader(exportGz))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// TestCountsMatchExport counts the export by hand (group by customer, stable
// sort by time, walk the pairs) and checks the journey's counts per
// segment, and the conversions, against it.
func TestCountsMatchExport(t *testing.T) {
	type ev struct{ act, at string }
	byCustomer, segOf := map[string][]ev{}, map[string]string{}
	for _, r := range export(t) {
		byCustomer[r[0]] = append(byCustomer[r[0]], ev{r[3], r[4]})
		segOf[r[0]] = r[1]
	}
	type key struct{ seg, from, to string }
	moves, visits := map[key]int64{}, map[key]int64{}
	cases, signed := map[string]int64{}, map[string]int64{}
	for c, evs := range byCustomer {
		slices.SortStableFunc(evs, func(a, b ev) int { return strings.Compare(a.at, b.at) })
		seg := segOf[c]
		cases[seg]++
		for i, e := range evs {
			visits[key{seg, e.act, ""}]++
			if i > 0 {
				moves[key{seg, evs[i-1].act, e.act}]++
			}
		}
		if slices.ContainsFunc(evs, func(e ev) bool { return e.act == "contract_signed" }) {
			signed[seg]++
		}
	}
	j, sum, err := mine("")
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tr := range j.Transitions {
		if tr.Count == 0 {
			continue // designed, never taken
		}
		if want := moves[key{tr.Personas[0], tr.From, tr.To}]; tr.Count != want {
			t.Errorf("%s -> %s for %s: %d, export %d", tr.From, tr.To, tr.Personas[0], tr.Count, want)
		}
	}
	for _, s := range j.Steps {
		for seg, n := range s.Counts {
			if want := visits[key{seg, s.ID, ""}]; n != want {
				t.Errorf("step %s for %s: %d, export %d", s.ID, seg, n, want)
			}
		}
	}
	for _, s := range sum.Segments {
		if s.Cases != cases[s.Persona] || s.Converted != signed[s.Persona] {
			t.Errorf("%s: %d of %d signed, export %d of %d", s.Persona, s.Converted, s.Cases, signed[s.Persona], cases[s.Persona])
		}
	}
	if len(sum.Segments) != 3 || sum.Cases != 3000 {
		t.Errorf("%d segments, %d cases", len(sum.Segments), sum.Cases)
	}
	if got := sum.Unmatched.Activities; len(got) != 1 || got[0].Activity != "chat" {
		t.Errorf("unmatched activities %v, want chat alone", got)
	}
	if !slices.Contains(sum.Unmatched.UnobservedTransitions, eventlog.Pair{From: "trial_started", To: "contract_signed"}) {
		t.Errorf("the planned self-serve checkout is not reported unobserved")
	}
}

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "crm.yaml")
	var buf strings.Builder
	if err := run(&buf, []string{"-o", out}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3000 customers", "enterprise", "not matching the template:", `activity "chat" is no step`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	j, err := journey.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Errorf("the written journey is invalid: %v", err)
	}
	if len(j.Stages) != 6 || j.Observed == nil || len(j.Observed.Segments) != 3 {
		t.Errorf("stages %d observed %+v", len(j.Stages), j.Observed)
	}
}

func TestBadExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := writeString(path, "customer_id,activity,timestamp\nC1,ad_click,yesterday\n"); err != nil {
		t.Fatal(err)
	}
	err := run(new(strings.Builder), []string{"-log", path})
	if err == nil || !strings.Contains(err.Error(), path+":2: bad-time") {
		t.Fatalf("error %v", err)
	}
}

func writeString(path, s string) error {
	return os.WriteFile(path, []byte(s), 0o644)
}
