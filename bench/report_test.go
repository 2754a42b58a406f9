package bench_test

import (
	"context"
	"io"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/report"
)

// BenchmarkReportSofa times report.Write of the sofa example (analysis, the
// classic map, the flow graph laid out by Graphviz, the page) to
// io.Discard. Graphviz starts once, before the timer: the figure is the
// report without the Graphviz start-up.
func BenchmarkReportSofa(b *testing.B) {
	j, err := journey.ReadFile("../examples/sofa/sofa.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := report.Write(ctx, io.Discard, j, report.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := report.Write(ctx, io.Discard, j, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
