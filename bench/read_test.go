package bench_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/journeymap/journeymap/journey"
)

// largeJSONSteps is the size of the benchmark journey whose JSON file is
// about 40 MB.
const largeJSONSteps = 120000

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
	j := generated(n)
	var data []byte
	var err error
	switch format {
	case "json":
		data, err = json.Marshal(j)
	case "yaml":
		data, err = yaml.Marshal(j)
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		tb.Fatal(err)
	}
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

// BenchmarkRead times journey.ReadFile on the benchmark journeys written as
// JSON and as YAML. Besides time and allocations it reports the file size
// and, from a separate sampled run, the peak live heap as a multiple of the
// file size ("heap/file").
func BenchmarkRead(b *testing.B) {
	for _, format := range []string{"json", "yaml"} {
		b.Run("format="+format, func(b *testing.B) {
			ns := sizes
			if format == "json" {
				// About 40 MB of JSON: the large file.
				ns = append(ns[:len(ns):len(ns)], largeJSONSteps)
			}
			for _, n := range ns {
				b.Run(sizeName(n), func(b *testing.B) {
					p := journeyFile(b, format, n)
					st, err := os.Stat(p)
					if err != nil {
						b.Fatal(err)
					}
					transitions := len(generated(n).Transitions)
					measure(b, transitions, func() error {
						_, err := journey.ReadFile(p)
						return err
					})
					b.StopTimer()
					var rerr error
					peak := peakHeap(func() { _, rerr = journey.ReadFile(p) })
					if rerr != nil {
						b.Fatal(rerr)
					}
					b.ReportMetric(float64(st.Size()), "file-B")
					b.ReportMetric(float64(peak)/float64(st.Size()), "heap/file")
				})
			}
		})
	}
}
