package eventlog

import (
	"os"
	"testing"
)

// BenchmarkConformVsMine reads the CSV log named by JOURNEYMAP_MINE_LOG (made
// by bench/eventlog/gen) side by side: mining it, and checking it against a
// journey mined from it with its two most frequent successors per step
// kept (so that many moves are unmodelled, the slow path). It is skipped
// without a log.
func BenchmarkConformVsMine(b *testing.B) {
	path := os.Getenv("JOURNEYMAP_MINE_LOG")
	if path == "" {
		b.Skip("set JOURNEYMAP_MINE_LOG to a log made by bench/eventlog/gen")
	}
	j, _, err := MineFile(path, Options{TopSuccessors: 2, Goals: []string{"contract_signed"}})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("mine", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_, sum, err := MineFile(path, Options{Goals: []string{"contract_signed"}})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(sum.Read.Events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		}
	})
	b.Run("conform", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c, err := ConformFile(j, path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(c.Read.Events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(c.Fitness, "fitness")
		}
	})
}
