package analysis_test

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/internal/gen"
)

// TestAnalyzeMemory measures, for the generated journey of 100,000 steps,
// the memory Analyze needs beyond the model: the bytes it allocates, the
// report it returns, and the peak of its heap, sampled every half
// millisecond, with the collector run often (GOGC=5, so that the heap holds
// little garbage: about the live heap) and as by default. It only logs
// (memory depends on the runtime); run it with JOURNEYMAP_MEM=1 and -v:
//
//	JOURNEYMAP_MEM=1 GOMAXPROCS=1 go test -run TestAnalyzeMemory -v ./journey/
func TestAnalyzeMemory(t *testing.T) {
	if os.Getenv("JOURNEYMAP_MEM") == "" {
		t.Skip("set JOURNEYMAP_MEM=1 to measure")
	}
	ctx := context.Background()
	j := gen.Generate(gen.Options{Steps: 100_000, Seed: 1})
	m := float64(len(j.Transitions))
	if _, err := analysis.Analyze(ctx, j, analysis.Options{}); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := analysis.Analyze(ctx, j, analysis.Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	var withReport runtime.MemStats
	runtime.ReadMemStats(&withReport)
	report := withReport.HeapAlloc - before.HeapAlloc
	runtime.KeepAlive(r)
	r = nil

	peak := func(gogc int) uint64 {
		old := debug.SetGCPercent(gogc)
		defer debug.SetGCPercent(old)
		runtime.GC()
		runtime.ReadMemStats(&before)
		base := before.HeapAlloc
		var peak atomic.Uint64
		done := make(chan struct{})
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			tk := time.NewTicker(500 * time.Microsecond)
			defer tk.Stop()
			for {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > base && ms.HeapAlloc-base > peak.Load() {
					peak.Store(ms.HeapAlloc - base)
				}
				select {
				case <-done:
					return
				case <-tk.C:
				}
			}
		}()
		if _, err := analysis.Analyze(ctx, j, analysis.Options{}); err != nil {
			t.Fatal(err)
		}
		close(done)
		<-stopped
		return peak.Load()
	}
	p5, p100 := peak(5), peak(100)
	t.Logf("%d steps, %d transitions", len(j.Steps), len(j.Transitions))
	t.Logf("allocated per Analyze: %.1f MB, %.0f B/transition", float64(alloc)/1e6, float64(alloc)/m)
	t.Logf("report kept: %.1f MB, %.0f B/transition", float64(report)/1e6, float64(report)/m)
	t.Logf("peak live heap during Analyze (GOGC=5): %.1f MB, %.0f B/transition", float64(p5)/1e6, float64(p5)/m)
	t.Logf("peak heap, garbage included (GOGC=100): %.1f MB, %.0f B/transition", float64(p100)/1e6, float64(p100)/m)
}
