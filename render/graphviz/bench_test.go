package graphviz

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/render"
)

func BenchmarkSVG(b *testing.B) {
	j := sofa()
	ctx := context.Background()
	for b.Loop() {
		if err := SVG(ctx, io.Discard, j, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	j := sofa()
	ctx := context.Background()
	for b.Loop() {
		if err := PNG(ctx, io.Discard, j, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// rssKB returns the process's resident set size, in kB, or 0 where
// /proc/self/status is not available.
func rssKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// wasmPages returns the size of the Graphviz module's linear memory in
// bytes, from the memory it reports, or 0 if there is no runtime.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// TestMemoryGrowth renders the sofa journey 1,000 times (SVG and PNG in
// turn) and logs how the process's memory grows; it fails if the resident
// set keeps growing by more than 1 MB per 100 renders after warming up.
// Run it with: go test -run MemoryGrowth -v ./render/graphviz
func TestMemoryGrowth(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 renders")
	}
	ctx := context.Background()
	j := sofa()
	const n = 1000
	var rss []int
	for i := 0; i < n; i++ {
		f := SVG
		if i%2 == 1 {
			f = PNG
		}
		var buf bytes.Buffer
		if err := f(ctx, &buf, j, render.Options{}); err != nil {
			t.Fatal(err)
		}
		if i%100 == 99 {
			rss = append(rss, rssKB())
			t.Logf("after %4d renders: RSS %6.1f MB, Go heap %5.1f MB", i+1, float64(rss[len(rss)-1])/1024, heapMB())
		}
	}
	if rss[0] == 0 {
		return
	}
	// Growth from the 200th to the 1,000th render.
	perHundred := float64(rss[len(rss)-1]-rss[1]) / 1024 / float64(len(rss)-2)
	t.Logf("RSS growth after warm-up: %.2f MB per 100 renders", perHundred)
	if perHundred > 1 {
		t.Errorf("RSS grows by %.2f MB per 100 renders", perHundred)
	}
}
