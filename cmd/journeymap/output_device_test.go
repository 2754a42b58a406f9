//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputToNamedPipe writes every command's -o to a named pipe, which a
// temporary file renamed over it would replace (as /dev/null once was).
func TestOutputToNamedPipe(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "../../examples/sofa/sofa.yaml"},
		{"render", "../../examples/sofa/sofa.yaml", "--format", "dot"},
		{"mine", runningExample, "--quiet"},
	} {
		t.Run(args[0], func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), "out")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			got := make(chan int64, 1)
			go func() {
				f, err := os.Open(fifo)
				if err != nil {
					got <- -1
					return
				}
				n, _ := io.Copy(io.Discard, f)
				f.Close()
				got <- n
			}()
			code, _, stderr := runCmd(append(args, "-o", fifo)...)
			if code != exitOK && code != exitFindings {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if n := <-got; n <= 0 {
				t.Fatalf("the pipe's reader got %d bytes", n)
			}
			st, err := os.Lstat(fifo)
			if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
				t.Fatalf("%s was replaced: %v %v", fifo, st.Mode(), err)
			}
		})
	}
}
