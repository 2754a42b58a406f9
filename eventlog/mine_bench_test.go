package eventlog

import (
	"os"
	"testing"
)

// BenchmarkMineFile mines the CSV log named by JOURNEYMAP_MINE_LOG (made by
// bench/eventlog/gen); it is skipped without one.
func BenchmarkMineFile(b *testing.B) {
	path := os.Getenv("JOURNEYMAP_MINE_LOG")
	if path == "" {
		b.Skip("set JOURNEYMAP_MINE_LOG to a log made by bench/eventlog/gen")
	}
	for i := 0; i < b.N; i++ {
		_, sum, err := MineFile(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Read.Events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	}
}
