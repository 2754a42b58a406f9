package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render/report"
)

// TestReportFile fails when docs/sofa-report.html is not the report the
// library writes from sofa.yaml today. Run it with JOURNEYTEST_UPDATE=1 to
// write it again.
func TestReportFile(t *testing.T) {
	j, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, j, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if page.Len() >= 1<<20 {
		t.Errorf("the sofa report has %d bytes, want under 1 MB", page.Len())
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "sofa-report.html"), page.Bytes())
}
