package graphviz

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	gv "github.com/journeymap/journeymap/internal/gographviz"
	"github.com/journeymap/journeymap/render"
)

// TestPrivateCompilationCache starts this test binary again with a fresh
// user cache directory and a fresh TMPDIR, and checks that the WebAssembly
// module had not started before the first render, that the render put its
// compilation cache in the private directory, not in the shared temporary
// one, and that the program sees its TMPDIR unchanged.
func TestPrivateCompilationCache(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("TMPDIR is a Unix variable")
	}
	if os.Getenv("JOURNEYMAP_GVTMP_CHILD") != "" {
		// The child: report what the process sees after initialisation.
		if gv.Started() {
			t.Fatal("the WebAssembly module started before the first render")
		}
		if err := SVG(context.Background(), io.Discard, sofa(), render.Options{}); err != nil {
			t.Fatal(err)
		}
		if !gv.Started() {
			t.Fatal("the WebAssembly module did not start")
		}
		if got, want := os.Getenv("TMPDIR"), os.Getenv("JOURNEYMAP_GVTMP_WANT"); got != want {
			t.Fatalf("TMPDIR after initialisation = %q, want %q", got, want)
		}
		if want := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "journeymap", "go-graphviz"); CacheDir() != want {
			t.Fatalf("CacheDir() = %q, want %q", CacheDir(), want)
		}
		return
	}
	cache, shared := t.TempDir(), t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrivateCompilationCache$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"JOURNEYMAP_GVTMP_CHILD=1",
		"XDG_CACHE_HOME="+cache,
		"TMPDIR="+shared,
		"JOURNEYMAP_GVTMP_WANT="+shared,
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(shared, "go-graphviz")); err == nil {
		t.Errorf("go-graphviz made its cache in the shared TMPDIR %s", shared)
	}
	priv := filepath.Join(cache, "journeymap")
	fi, err := os.Stat(filepath.Join(priv, "go-graphviz"))
	if err != nil || !fi.IsDir() {
		t.Fatalf("no go-graphviz cache in the private directory %s: %v", priv, err)
	}
	if fi, err := os.Stat(priv); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("private directory %s: mode %v, err %v; want 0700", priv, fi.Mode().Perm(), err)
	}
}
