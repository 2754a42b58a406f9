package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render/report"
)

// TestReportFile fails when docs/crm-report.html is not the report the
// library writes today of the journey mined from the CRM export
// (export.csv.gz) and laid on the design (crm.yaml), with the conformance
// of the export to it. Run it with JOURNEYTEST_UPDATE=1 to write
// it again.
func TestReportFile(t *testing.T) {
	j, _, err := mine("")
	if err != nil {
		t.Fatal(err)
	}
	c := conformance(t, j)
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, j, report.Options{Conformance: c}); err != nil {
		t.Fatal(err)
	}
	if page.Len() >= 1<<20 {
		t.Errorf("the CRM report has %d bytes, want under 1 MB", page.Len())
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "crm-report.html"), page.Bytes())
}

// conformance is the conformance of the export to j, as "journeymap
// report --log export.csv.gz --case customer_id" gives it.
func conformance(t *testing.T, j *journey.Journey) *report.Conformance {
	t.Helper()
	opts := eventlog.Options{Read: eventlog.ReadOptions{Columns: eventlog.Columns{Case: "customer_id"}, File: "export.csv.gz"}}
	r, _, err := eventlog.NewReader(bytes.NewReader(exportGz), eventlog.CSV, opts.Read)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eventlog.Conform(j, r, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var c report.Conformance
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	c.Log = "export.csv.gz"
	return &c
}
