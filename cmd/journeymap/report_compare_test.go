package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReportCompare: report B --compare A writes the page of the docs
// (docs/webshop-report.html, the library's report of the pair), and the
// section's regressions are those of diff A B.
func TestReportCompare(t *testing.T) {
	code, page, stderr := runReportArgs(t, webshopAfter, "-o", "-", "--compare", webshopBefore)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile("../../docs/webshop-report.html")
	if err != nil {
		t.Fatal(err)
	}
	if page != string(want) {
		t.Error("report after.yaml --compare before.yaml is not docs/webshop-report.html (JOURNEYTEST_UPDATE=1 go test ./examples/webshop rewrites it)")
	}

	// The other way round regresses: the section lists what diff lists.
	code, page, stderr = runReportArgs(t, webshopBefore, "-o", "-", "--compare", webshopAfter)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out, errOut strings.Builder
	if code := run([]string{"diff", webshopAfter, webshopBefore, "--fail-on-regression"}, &out, &errOut); code != exitFindings {
		t.Fatalf("diff: exit %d, want %d", code, exitFindings)
	}
	kinds := regexp.MustCompile(`regression: ([a-z-]+): `).FindAllStringSubmatch(errOut.String(), -1)
	if len(kinds) == 0 {
		t.Fatalf("diff reports no regression: %s", errOut.String())
	}
	for _, k := range kinds {
		if !strings.Contains(page, `<span class="kind">`+k[1]+`</span>`) {
			t.Errorf("the report lacks the regression %s", k[1])
		}
	}
	if got := strings.Count(page, `<span class="kind">`); got != len(kinds) {
		t.Errorf("%d regressions in the report, diff has %d", got, len(kinds))
	}
}

// TestReportCompareInvalid: problems of both files at once, with
// positions, exit 2; standard input is read once.
func TestReportCompareInvalid(t *testing.T) {
	dir := t.TempDir()
	badA := filepath.Join(dir, "a.yaml")
	badB := filepath.Join(dir, "b.yaml")
	for _, f := range []struct{ path, from, to string }{
		{badA, "stage: aware", "stage: nowhere"},
		{badB, "touchpoint: site", "touchpoint: nothing"},
	} {
		b, err := os.ReadFile(webshopBefore)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), f.from, f.to, 1)
		if s == string(b) {
			t.Fatalf("%q not in before.yaml", f.from)
		}
		if err := os.WriteFile(f.path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runReportArgs(t, badB, "-o", filepath.Join(dir, "out.html"), "--compare", badA)
	if code != exitInvalid || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(regexp.QuoteMeta(badA) + `:\d+:\d+: [a-z-]+: `),
		regexp.MustCompile(regexp.QuoteMeta(badB) + `:\d+:\d+: [a-z-]+: `),
	} {
		if !want.MatchString(stderr) {
			t.Errorf("stderr lacks %s:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.html")); err == nil {
		t.Error("a report was written")
	}
	if code, _, stderr := runReportArgs(t, "-", "-o", "-", "--compare", "-"); code != exitInvalid || !strings.Contains(stderr, "standard input") {
		t.Errorf("FILE and --compare both -: exit %d, %q", code, stderr)
	}
}
