package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	in := `goos: linux
BenchmarkFinding/impl=gonum/steps=10/cycles-2         	 10	 3000 ns/op	 600 B/op	 1 allocs/op
BenchmarkFinding/impl=journeymap/steps=10/cycles-2    	 10	 1000 ns/op	 100 B/op	 1 allocs/op
BenchmarkFinding/impl=journeymap/steps=10/cycles-2    	 10	 3000 ns/op	 100 B/op	 1 allocs/op
BenchmarkFinding/impl=dominikbraun/steps=10/cycles-2  	 10	 2000000 ns/op	 2048 B/op	 1 allocs/op
BenchmarkFinding/impl=gonum/steps=20/cycles           	 10	 5000 ns/op	 1 B/op	 1 allocs/op
BenchmarkValidate/steps=10                            	 10	 5000 ns/op	 1 B/op	 1 allocs/op
PASS
`
	var out bytes.Buffer
	if err := run(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := `
| sec/op (median) | journeymap | dominikbraun | gonum |
|---|---:|---:|---:|
| Finding/steps=10/cycles | 2 µs | 2.0 ms (1000×) | 3 µs (1.50×) |
| Finding/steps=20/cycles | – | – | 5 µs |

| B/op (median) | journeymap | dominikbraun | gonum |
|---|---:|---:|---:|
| Finding/steps=10/cycles | 100 B | 2 KiB (20.5×) | 600 B (6.00×) |
| Finding/steps=20/cycles | – | – | 1 B |
`
	if got := out.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRunBadNumber(t *testing.T) {
	in := "BenchmarkX/impl=a 10 abc ns/op\n"
	if err := run(strings.NewReader(in), new(bytes.Buffer)); err == nil {
		t.Error("no error for a malformed value")
	}
}
