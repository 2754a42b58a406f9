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

	"github.com/journeymap/journeymap/journey"
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

// heapMB returns the live Go heap after a collection, in MB. The
// WebAssembly module's linear memory is a Go byte slice, so it counts.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// TestMemoryGrowth renders the sofa journey 500 times as SVG, then 500
// times as PNG, and logs how the live heap (which holds the WebAssembly
// memory) and the resident set grow. go-graphviz leaks WebAssembly memory
// on every render (it never frees Graphviz's output buffer, and its bridge
// allocates on every callback and field read without freeing), and that
// memory is never given back: the test bounds the leak per render, so that
// a change that makes it worse fails. The figures go in the package docs.
// Run it with: go test -run MemoryGrowth -v ./render/graphviz
func TestMemoryGrowth(t *testing.T) {
	// A soak measurement of 1,000 renders: minutes under the race detector,
	// so it runs only when asked for (JOURNEYMAP_SOAK=1), as in
	// JOURNEYMAP_SOAK=1 go test -run TestMemoryGrowth -v ./render/graphviz
	if testing.Short() || os.Getenv("JOURNEYMAP_SOAK") == "" {
		t.Skip("soak test: set JOURNEYMAP_SOAK=1 to run 1,000 renders")
	}
	ctx := context.Background()
	j := sofa()
	// Warm up: start the runtime, grow the memory to its working size.
	for _, f := range []func(context.Context, io.Writer, *journey.Journey, render.Options) error{SVG, PNG} {
		for i := 0; i < 10; i++ {
			if err := f(ctx, io.Discard, j, render.Options{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		f     func(context.Context, io.Writer, *journey.Journey, render.Options) error
		maxKB float64 // leak per render allowed
	}{
		{"SVG", SVG, 100},
		{"PNG", PNG, 500},
	} {
		const n = 500
		h0, r0 := heapMB(), rssKB()
		size := 0
		for i := 0; i < n; i++ {
			var buf bytes.Buffer
			if err := tc.f(ctx, &buf, j, render.Options{}); err != nil {
				t.Fatal(err)
			}
			size = buf.Len()
		}
		h1, r1 := heapMB(), rssKB()
		perRender := (h1 - h0) * 1024 / n
		t.Logf("%s (%d KB each): %d renders: heap %.1f -> %.1f MB (%.0f KB per render), RSS %.1f -> %.1f MB",
			tc.name, size/1024, n, h0, h1, perRender, float64(r0)/1024, float64(r1)/1024)
		if perRender > tc.maxKB {
			t.Errorf("%s: heap grows by %.0f KB per render, more than %.0f", tc.name, perRender, tc.maxKB)
		}
	}
}
