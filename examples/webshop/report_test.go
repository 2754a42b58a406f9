package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render/report"
)

// TestReportFile fails when docs/webshop-report.html is not the report the
// library writes today of after.yaml compared with before.yaml, as
// "journeymap report after.yaml --compare before.yaml" writes it. Run it
// with JOURNEYTEST_UPDATE=1 to write it again.
func TestReportFile(t *testing.T) {
	before, err := journey.ReadFile("before.yaml")
	if err != nil {
		t.Fatal(err)
	}
	after, err := journey.ReadFile("after.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, after, report.Options{Before: before}); err != nil {
		t.Fatal(err)
	}
	if page.Len() >= 1<<20 {
		t.Errorf("the web shop's report has %d bytes, want under 1 MB", page.Len())
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "webshop-report.html"), page.Bytes())
}
