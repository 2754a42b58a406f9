package graphviz

// This import is for its side effect, and its place in the initialisation
// order is what makes it work: gvtmp's init points TMPDIR at a directory
// private to the user before go-graphviz's own package initialisation
// compiles its WebAssembly module and caches the machine code under
// os.TempDir() (see "Files and the compilation cache" in the package
// documentation); this package's init (cache.go) puts TMPDIR back.
//
// Go initialises packages in the order of their import paths, each as soon
// as its own imports are initialised. gvtmp imports only os and syscall, and
// its path, github.com/journeymap/journeymap/..., sorts before
// github.com/tetratelabs/wazero, which go-graphviz's runtime waits for; so
// gvtmp runs first. A module path sorting after wazero would lose that:
// TestGvtmpInitialisesFirst checks the order the Go runtime really uses
// (GODEBUG=inittrace=1) and fails if it ever changes.
import _ "github.com/journeymap/journeymap/render/graphviz/internal/gvtmp"
