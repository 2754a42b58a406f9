// Code in this file is journeymap's, not go-graphviz's.

package graphviz

import "github.com/journeymap/journeymap/internal/gographviz/internal/wasm"

// SetCompilationCacheDir sets the directory where wazero caches the compiled
// WebAssembly module, instead of "go-graphviz" in os.TempDir(). It has
// effect only before the module starts, on the first call into Graphviz.
func SetCompilationCacheDir(dir string) { wasm.CompilationCacheDir = dir }

// Started reports whether the WebAssembly module has started.
func Started() bool { return wasm.Started() }
