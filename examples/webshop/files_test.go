package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// The files before.yaml and after.yaml are the journeys shop and fix build,
// written out for "journeymap diff before.yaml after.yaml"; refresh them
// with JOURNEYTEST_UPDATE=1 go test ./examples/webshop/.
func TestFiles(t *testing.T) {
	before, err := shop().Build()
	if err != nil {
		t.Fatal(err)
	}
	after, err := fix(shop()).Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		j    *journey.Journey
	}{{"before.yaml", before}, {"after.yaml", after}} {
		var b bytes.Buffer
		if err := journey.Write(&b, f.j, journey.YAML); err != nil {
			t.Fatal(err)
		}
		journeytest.Golden(t, f.path, b.Bytes())
	}

	// The diff of the files is what README.md shows.
	a, err := journey.ReadFile("before.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := journey.ReadFile("after.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := compare.Compare(context.Background(), a, b, compare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/diff.md", md.Bytes())
	var txt bytes.Buffer
	if err := d.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/diff.txt", txt.Bytes())
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, txt.Bytes()) {
		t.Errorf("README.md does not show the diff of before.yaml and after.yaml; paste testdata/diff.txt into its section Comparing journeys")
	}
	if len(d.Regressions) != 0 || d.Conversion.Before == nil || d.Conversion.After == nil {
		t.Fatalf("the fix should raise conversion without regressions: %+v", d.Regressions)
	}
	// The example's own figures (TestRun): 14.6% before, 24.2% after.
	if got := [2]float64{*d.Conversion.Before, *d.Conversion.After}; int(got[0]*1000+0.5) != 146 || int(got[1]*1000+0.5) != 242 {
		t.Errorf("conversion %v, want 14.6%% and 24.2%%", got)
	}
}
