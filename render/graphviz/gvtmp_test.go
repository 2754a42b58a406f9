package graphviz

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// TestPrivateCompilationCache starts this test binary again with a fresh
// user cache directory and a fresh TMPDIR, and checks that go-graphviz's
// initialisation put its compilation cache in the private directory, not in
// the shared temporary one, and that the program sees its TMPDIR unchanged.
func TestPrivateCompilationCache(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("TMPDIR is a Unix variable")
	}
	if os.Getenv("JOURNEYMAP_GVTMP_CHILD") != "" {
		// The child: report what the process sees after initialisation.
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

// TestGvtmpInitialisesFirst runs this test binary again with
// GODEBUG=inittrace=1, which makes the Go runtime print each package as it
// initialises it, and checks that internal/gvtmp is initialised before
// go-graphviz's WebAssembly package (which builds the compilation cache in
// its init) and before wazero, which that package waits for. The order
// follows the import paths, so a renamed module path (one that sorts after
// github.com/tetratelabs/wazero) would lose the protection: this test is
// what notices.
func TestGvtmpInitialisesFirst(t *testing.T) {
	if os.Getenv("JOURNEYMAP_INITTRACE_CHILD") != "" {
		return // the child only has to start
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGvtmpInitialisesFirst$", "-test.count=1")
	cmd.Env = append(os.Environ(), "JOURNEYMAP_INITTRACE_CHILD=1", "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "init" {
			if _, seen := order[f[1]]; !seen {
				order[f[1]] = i
			}
		}
	}
	const gvtmp = "github.com/journeymap/journeymap/render/graphviz/internal/gvtmp"
	first, ok := order[gvtmp]
	if !ok {
		first = len(out) // no init: anything that starts at init comes first
	}
	pkgs := make([]string, 0, len(order))
	for pkg := range order {
		pkgs = append(pkgs, pkg)
	}
	sort.Strings(pkgs)
	found := false
	for _, pkg := range pkgs {
		at := order[pkg]
		if strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") || strings.HasPrefix(pkg, "github.com/tetratelabs/wazero") {
			found = true
			if at < first {
				t.Errorf("%s is initialised before %s: go-graphviz may build its compilation cache in the shared TMPDIR", pkg, gvtmp)
			}
		}
	}
	if !found {
		// A go-graphviz that starts on first use, not at init, reads no
		// cache before main: the order no longer matters.
		t.Skip("go-graphviz and wazero do not initialise at start-up")
	}
}
