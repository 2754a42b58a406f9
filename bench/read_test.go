package bench_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
)

var (
	filesMu  sync.Mutex
	filesDir string
	files    = map[string]string{} // "json/1000" -> path
)

// TestMain removes the journey files the benchmarks wrote.
func TestMain(m *testing.M) {
	code := m.Run()
	if filesDir != "" {
		os.RemoveAll(filesDir)
	}
	os.Exit(code)
}

// journeyFile returns the path of the benchmark journey of n steps written
// in format ("json" or "yaml"), writing it on first use.
func journeyFile(tb testing.TB, format string, n int) string {
	tb.Helper()
	filesMu.Lock()
	defer filesMu.Unlock()
	key := fmt.Sprintf("%s/%d", format, n)
	if p, ok := files[key]; ok {
		return p
	}
	if filesDir == "" {
		dir, err := os.MkdirTemp("", "journeymap-bench-")
		if err != nil {
			tb.Fatal(err)
		}
		filesDir = dir
	}
	var f journey.Format
	switch format {
	case "json":
		f = journey.JSON
	case "yaml":
		f = journey.YAML
	default:
		tb.Fatalf("unknown format %q", format)
	}
	var buf bytes.Buffer
	if err := journey.Write(&buf, generated(n), f); err != nil {
		tb.Fatal(err)
	}
	data := buf.Bytes()
	p := filepath.Join(filesDir, fmt.Sprintf("journey-%d.%s", n, format))
	if err := os.WriteFile(p, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	files[key] = p
	return p
}

// peakHeap samples the live heap while f runs and returns the largest
// sample above the heap before f started: an estimate of the memory f
// holds at once. It forces a collection first.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base && ms.HeapAlloc-base > peak.Load() {
				peak.Store(ms.HeapAlloc - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	<-stopped
	return peak.Load()
}

// liveAfter returns how much more heap is live after f than before, with
// what f returns (a journey read) kept alive: the journey and whatever it
// keeps of its file.
func liveAfter(f func() any) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// BenchmarkRead times journey.ReadFile on the benchmark journeys written
// with journey.Write as JSON and as YAML (the JSON of 100,000 steps is
// about 55 MB, beyond the 40 MB file). Besides time and allocations it reports the file size
// and, from a separate sampled run, the peak live heap as a multiple of the
// file size ("heap/file"), and what stays live after the read, the journey
// and anything it keeps, as a multiple of the file size ("live/file").
func BenchmarkRead(b *testing.B) {
	for _, format := range []string{"json", "yaml"} {
		b.Run("format="+format, func(b *testing.B) {
			for _, n := range sizes {
				b.Run(sizeName(n), func(b *testing.B) {
					dropFixture()
					p := journeyFile(b, format, n)
					st, err := os.Stat(p)
					if err != nil {
						b.Fatal(err)
					}
					transitions := len(generated(n).Transitions)
					// The YAML of 100,000 steps is over the default
					// MaxYAMLBytes (8 MiB): lift it to time the decoder.
					ro := journey.ReadOptions{MaxYAMLBytes: 1 << 30}
					measure(b, transitions, func() error {
						_, err := ro.ReadFile(p)
						return err
					})
					b.StopTimer()
					var rerr error
					peak := peakHeap(func() { _, rerr = ro.ReadFile(p) })
					if rerr != nil {
						b.Fatal(rerr)
					}
					b.ReportMetric(float64(st.Size()), "file-B")
					b.ReportMetric(float64(peak)/float64(st.Size()), "heap/file")
					b.ReportMetric(float64(liveAfter(func() any { j, _ := ro.ReadFile(p); return j }))/float64(st.Size()), "live/file")
				})
			}
		})
	}
}

// BenchmarkWrite times journey.Write of the benchmark journeys as JSON and
// as YAML.
func BenchmarkWrite(b *testing.B) {
	for _, format := range []journey.Format{journey.JSON, journey.YAML} {
		b.Run("format="+format.String(), func(b *testing.B) {
			for _, n := range sizes {
				b.Run(sizeName(n), func(b *testing.B) {
					dropFixture()
					j := generated(n)
					measure(b, len(j.Transitions), func() error {
						return journey.Write(io.Discard, j, format)
					})
				})
			}
		})
	}
}
