package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/render/report"
)

// TestReportLog: with --log, the report's conformance section shows what
// journeymap conform says of the same journey and log.
func TestReportLog(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "claims.yaml")
	if err := os.WriteFile(j, []byte(claimsYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runConform(t, j, runningLog, "--format", "json")
	if code != exitOK {
		t.Fatalf("conform: exit %d: %s", code, stderr)
	}
	var want report.Conformance
	if err := json.Unmarshal([]byte(stdout), &want); err != nil {
		t.Fatal(err)
	}
	code, page, stderr := runReportArgs(t, j, "-o", "-", "--log", runningLog)
	if code != exitOK || stderr != "" {
		t.Fatalf("report --log: exit %d: %s", code, stderr)
	}
	start := strings.Index(page, `<section id="conformance">`)
	if start < 0 {
		t.Fatal("no conformance section")
	}
	s := page[start:]
	s = s[:strings.Index(s, "</section>")]
	fitness := strconv.FormatFloat(100*want.Fitness, 'f', 1, 64) + "%"
	fitting := strconv.FormatInt(want.FittingCases, 10) + " of " + strconv.FormatInt(want.Cases, 10)
	for _, w := range []string{fitness, fitting, "running-example.csv"} {
		if !strings.Contains(s, w) {
			t.Errorf("the conformance section lacks %q", w)
		}
	}
	for _, u := range want.UnmodelledTransitions {
		if !strings.Contains(s, "<td>"+u.From+"</td><td>"+u.To+"</td><td class=\"num\">"+strconv.FormatInt(u.Count, 10)+"</td>") {
			t.Errorf("the section lacks the unmodelled move %v", u)
		}
	}
	for _, st := range want.UnvisitedSteps {
		if !strings.Contains(s, "<code>"+st+"</code>") {
			t.Errorf("the section lacks the unvisited step %s", st)
		}
	}
	if len(want.UnmodelledTransitions) == 0 || len(want.UnvisitedSteps) == 0 {
		t.Error("the running example should have unmodelled moves and an unvisited step")
	}

	// A log with problems is reported as conform reports it.
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("case_id,activity,timestamp\n1,a,never\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runReportArgs(t, j, "-o", "-", "--log", bad); code != exitInvalid || !strings.Contains(stderr, "bad.csv:") {
		t.Errorf("bad log: exit %d, stderr %q", code, stderr)
	}
}
