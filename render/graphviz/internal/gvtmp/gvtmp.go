// Package gvtmp keeps go-graphviz's compilation cache out of the shared
// temporary directory.
//
// go-graphviz v0.2.10 compiles its WebAssembly module in its package
// initialisation and caches the machine code in "go-graphviz" under
// os.TempDir(), a directory every local user can create first and fill with
// code of their own, which go-graphviz then runs. This package, imported by
// render/graphviz, is initialised before go-graphviz's runtime (Go
// initialises packages in import-path order as soon as their imports are,
// and this one imports only the standard library while go-graphviz waits for
// wazero): its init points TMPDIR at a directory private to the user, and
// render/graphviz's own init, which runs after go-graphviz's, calls Restore
// to put TMPDIR back. So the cache lands in Dir, and the rest of the program
// sees the TMPDIR it was started with.
package gvtmp

import "os"

var (
	// Dir is the private directory TMPDIR pointed to while go-graphviz
	// started, or "" if none could be had and TMPDIR was left alone.
	Dir string

	orig    string
	hadOrig bool
)

func init() {
	dir := privateDir()
	if dir == "" {
		return
	}
	orig, hadOrig = os.LookupEnv("TMPDIR")
	if os.Setenv("TMPDIR", dir) != nil {
		return
	}
	Dir = dir
}

// Restore sets TMPDIR back to what it was before this package's init.
func Restore() {
	if Dir == "" {
		return
	}
	if hadOrig {
		os.Setenv("TMPDIR", orig)
	} else {
		os.Unsetenv("TMPDIR")
	}
}
