package journey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// readFileBefore is ReadFile of a JSON journey as it was before the fast
// decoder: the file read into a bytes.Buffer (which grew past its presized
// capacity), then decodeJSONReference and jsonPositions.
func readFileBefore(path string) (*Journey, error) {
	o := ReadOptions{}.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+1))
	if _, err := buf.ReadFrom(io.LimitReader(f, o.MaxBytes+1)); err != nil {
		return nil, err
	}
	data := bytes.TrimPrefix(buf.Bytes(), utf8BOM)
	j := o.decodeJSONReference(data)
	if j == nil {
		return nil, errors.New("not a journey the fast path takes")
	}
	jsonPositions(data, j, path)
	return j, nil
}

// benchJSONFile returns the JSON journey BenchmarkReadJSON reads: the file
// named by JOURNEYMAP_BENCH_FILE (write one with go run ./bench/genjourney),
// else one of 100,000 steps and 500,000 transitions written here.
func benchJSONFile(b *testing.B) string {
	if p := os.Getenv("JOURNEYMAP_BENCH_FILE"); p != "" {
		return p
	}
	const n = 100000
	j := &Journey{ID: "bench", Name: "a large journey"}
	for s := range 10 {
		j.Stages = append(j.Stages, Stage{ID: fmt.Sprint("stage-", s), Name: fmt.Sprint("Stage ", s)})
	}
	for i := range n {
		st := Step{ID: fmt.Sprintf("s%06d", i), Stage: fmt.Sprint("stage-", i*10/n), Touchpoint: "site",
			Action: fmt.Sprint("does thing ", i), Emotion: i%5 - 2}
		if i%20 == 0 {
			st.Barriers = []Barrier{{Description: "a barrier", Severity: Medium}}
		}
		j.Steps = append(j.Steps, st)
		for k := range 5 {
			j.Transitions = append(j.Transitions, Transition{From: st.ID, To: fmt.Sprintf("s%06d", (i+k+1)%n),
				Probability: 0.15, Label: "on"})
		}
	}
	p := filepath.Join(b.TempDir(), "bench.json")
	var buf bytes.Buffer
	if err := Write(&buf, j, JSON); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkReadJSON reads one large JSON journey three ways side by side:
// ReadFile; the reader before the fast decoder (readFileBefore); and the
// reference, encoding/json's Unmarshal of os.ReadFile's bytes into the same
// structs, which checks no keys, limits or positions. It reports MB/s and,
// from one more read, the peak live heap over the file size (heap/file),
// and the throughput in the process's CPU time (cpu-MB/s), which the waits
// of a busy machine do not blur. With GOMAXPROCS=1 the garbage collector's
// work is in it too.
//
//	go run ./bench/genjourney -steps 100000 -o /tmp/j100k.json
//	JOURNEYMAP_BENCH_FILE=/tmp/j100k.json GOMAXPROCS=1 go test ./journey -run '^$' -bench ReadJSON -benchtime 5x
func BenchmarkReadJSON(b *testing.B) {
	p := benchJSONFile(b)
	st, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range []struct {
		name string
		read func() (*Journey, error)
	}{
		{"journeymap", func() (*Journey, error) { return ReadFile(p) }},
		{"before", func() (*Journey, error) { return readFileBefore(p) }},
		{"encoding-json", func() (*Journey, error) {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			var j Journey
			return &j, json.Unmarshal(data, &j)
		}},
	} {
		b.Run("reader="+r.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			// On a shared machine the wall time counts the waits for a
			// core; the process's CPU time does not.
			cpu := (cpuTime() - cpu0).Seconds() / float64(b.N)
			b.ReportMetric(float64(st.Size())/1e6/cpu, "cpu-MB/s")
			var j *Journey
			peak := peakHeap(func() { j, err = r.read() })
			if err != nil {
				b.Fatal(err)
			}
			runtime.KeepAlive(j)
			b.ReportMetric(float64(peak)/float64(st.Size()), "heap/file")
		})
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakHeap samples the live heap every millisecond while f runs and returns
// the largest rise above the heap before f, after a collection.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
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
	var end runtime.MemStats
	runtime.ReadMemStats(&end)
	if end.HeapAlloc > base && end.HeapAlloc-base > peak.Load() {
		peak.Store(end.HeapAlloc - base)
	}
	close(done)
	<-stopped
	return peak.Load()
}
