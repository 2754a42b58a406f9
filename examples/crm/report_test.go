package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render/report"
)

// TestReportFile fails when docs/crm-report.html is not the report the
// library writes today of the journey built from paths.csv, the CRM
// export. Run it with JOURNEYTEST_UPDATE=1 to write it again.
func TestReportFile(t *testing.T) {
	j, _, _, err := build(bytes.NewReader(pathsCSV))
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, j, report.Options{}); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "crm-report.html"), page.Bytes())
}
