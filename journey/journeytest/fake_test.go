package journeytest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeT is a testing.TB that records what the kit reports instead of
// failing. Fatal and Fatalf stop the calling goroutine with runtime.Goexit,
// as the real ones do, so the function under test must run in its own
// goroutine: use run.
type fakeT struct {
	testing.TB // nil: any method the kit is not expected to call panics

	mu       sync.Mutex
	errors   []string
	fatals   []string
	logs     []string
	helpers  int
	returned bool // the function under test returned (was not stopped)
}

func (f *fakeT) Helper() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.helpers++
}

func (f *fakeT) Name() string { return "TestFake" }

func (f *fakeT) record(to *[]string, s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*to = append(*to, s)
}

func (f *fakeT) Error(args ...any)                 { f.record(&f.errors, fmt.Sprint(args...)) }
func (f *fakeT) Errorf(format string, args ...any) { f.record(&f.errors, fmt.Sprintf(format, args...)) }
func (f *fakeT) Log(args ...any)                   { f.record(&f.logs, fmt.Sprint(args...)) }
func (f *fakeT) Logf(format string, args ...any)   { f.record(&f.logs, fmt.Sprintf(format, args...)) }

func (f *fakeT) Fatal(args ...any) {
	f.record(&f.fatals, fmt.Sprint(args...))
	runtime.Goexit()
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.record(&f.fatals, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (f *fakeT) Fail() { f.record(&f.errors, "Fail") }

func (f *fakeT) FailNow() {
	f.record(&f.fatals, "FailNow")
	runtime.Goexit()
}

func (f *fakeT) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errors)+len(f.fatals) > 0
}

// silent reports whether nothing was reported and the function returned.
func (f *fakeT) silent() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.returned && len(f.errors)+len(f.fatals)+len(f.logs) == 0
}

// all returns every error and fatal message, one per line.
func (f *fakeT) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(append(append([]string(nil), f.errors...), f.fatals...), "\n")
}

// run calls fn with a fakeT in a goroutine of its own and waits for it to
// return or be stopped by Fatal.
func run(fn func(t testing.TB)) *fakeT {
	f := &fakeT{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
		f.mu.Lock()
		f.returned = true
		f.mu.Unlock()
	}()
	<-done
	return f
}

func TestFakeT(t *testing.T) {
	f := run(func(t testing.TB) {})
	if !f.silent() {
		t.Fatalf("an empty test is not silent: %q", f.all())
	}
	f = run(func(t testing.TB) {
		t.Errorf("one %d", 1)
		t.Errorf("two")
		t.Fatalf("stop")
		t.Errorf("never")
	})
	if f.returned || !f.Failed() || f.all() != "one 1\ntwo\nstop" {
		t.Fatalf("returned %v, failed %v, messages %q", f.returned, f.Failed(), f.all())
	}
}
