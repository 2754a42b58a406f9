package bench_test

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/journeymap/journeymap/eventlog"
)

// attributionPaths is the number of paths of the attribution benchmarks.
const attributionPaths = 1_000_000

// attributionChannels are the channels of the generated path table.
var attributionChannels = []string{
	"google ads", "facebook", "instagram", "email", "newsletter", "direct",
	"organic search", "bing ads", "affiliate", "display", "youtube",
	"tiktok", "linkedin", "twitter", "referral", "sms", "push",
	"podcast", "tv", "radio",
}

// generatePaths returns n distinct paths: channels drawn with Zipf-like
// popularity (the k-th channel weighted 1/k), lengths 1 + a geometric number
// of further touches (2.5 touches on average, at most 20), a repeat of the previous
// channel one touch in five, 0 to 3 conversions and 0 to 30 nulls per path
// (about 1 in 20 customers converting) and a value of 10 to 200 a
// conversion.
func generatePaths(n int, seed uint64) []eventlog.Path {
	rng := rand.New(rand.NewPCG(seed, 1))
	cum := make([]float64, len(attributionChannels))
	var s float64
	for i := range cum {
		s += 1 / float64(i+1)
		cum[i] = s
	}
	pick := func() string {
		u := rng.Float64() * s
		for i, c := range cum {
			if u < c {
				return attributionChannels[i]
			}
		}
		return attributionChannels[len(cum)-1]
	}
	seen := make(map[string]bool, n)
	paths := make([]eventlog.Path, 0, n)
	var ch []string
	for len(paths) < n {
		ch = ch[:0]
		length := 1
		for length < 20 && rng.Float64() < 0.6 {
			length++
		}
		for i := range length {
			if i > 0 && rng.IntN(5) == 0 {
				ch = append(ch, ch[i-1])
			} else {
				ch = append(ch, pick())
			}
		}
		key := strings.Join(ch, ">")
		if seen[key] {
			continue
		}
		seen[key] = true
		p := eventlog.Path{Channels: append([]string(nil), ch...)}
		p.Nulls = float64(rng.IntN(31))
		if rng.IntN(3) == 0 {
			p.Conversions = float64(1 + rng.IntN(3))
			p.Value = p.Conversions * float64(10+rng.IntN(191))
		}
		paths = append(paths, p)
	}
	return paths
}

var attributionFixture = sync.OnceValue(func() []eventlog.Path {
	return generatePaths(attributionPaths, 1)
})

// writePathTable writes paths as a ChannelAttribution path table (CSV).
func writePathTable(name string, paths []eventlog.Path) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "path,total_conversions,total_null,total_conversion_value")
	for _, p := range paths {
		fmt.Fprintf(w, "%s,%g,%g,%g\n", strings.Join(p.Channels, " > "), p.Conversions, p.Nulls, p.Value)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BenchmarkAttribute times eventlog.Attribute on 1M generated paths (held in
// memory) for Markov orders 1 to 3: aggregating the paths into the chain, the
// heuristics and the exact solves (one whole, one without each channel).
func BenchmarkAttribute(b *testing.B) {
	paths := attributionFixture()
	for _, order := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("order=%d/paths=%d", order, len(paths)), func(b *testing.B) {
			b.ReportAllocs()
			var a *eventlog.Attribution
			cpu0 := cpuTime()
			for b.Loop() {
				var err error
				a, err = eventlog.Attribute(paths, eventlog.AttributionOptions{Order: order})
				if err != nil {
					b.Fatal(err)
				}
			}
			var sum float64
			for _, c := range a.Channels {
				sum += c.Markov
			}
			if math.Abs(sum-a.Conversions) > 1e-6*a.Conversions {
				b.Fatalf("credited %v of %v conversions", sum, a.Conversions)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths)), "ns/path")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkReadPathTable times eventlog.ReadPathTableFile on the same 1M
// paths written as a CSV file (about 60 MB).
func BenchmarkReadPathTable(b *testing.B) {
	paths := attributionFixture()
	name := filepath.Join(b.TempDir(), "paths.csv")
	if err := writePathTable(name, paths); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(name)
	if err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("paths=%d", len(paths)), func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(st.Size())
		cpu0 := cpuTime()
		for b.Loop() {
			t, err := eventlog.ReadPathTableFile(name)
			if err != nil {
				b.Fatal(err)
			}
			if len(t.Paths) != len(paths) {
				b.Fatalf("read %d paths, want %d", len(t.Paths), len(paths))
			}
		}
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	})
}

// cpuTime returns the CPU time (user and system) the process has used, in
// nanoseconds: on a shared machine it tells the work done from the time spent
// waiting for a core.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
