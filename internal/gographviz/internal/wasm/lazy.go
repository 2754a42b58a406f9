// Code in this file is journeymap's, not go-graphviz's: it starts the
// WebAssembly module on first use instead of in the package's init.

package wasm

import (
	"sync"
	"sync/atomic"
)

// CompilationCacheDir, if set before the module starts, is the directory
// where wazero caches the module's compiled code, instead of "go-graphviz"
// in os.TempDir().
var CompilationCacheDir string

var (
	// mod is the module, set by initModule.
	mod *WasmModule
	// ready is mod once the module has started.
	ready    atomic.Pointer[WasmModule]
	initOnce sync.Once
	// lookupFuncMap holds the functions Register_* register, which the
	// packages above register in their init, before the module starts.
	lookupFuncMap = &LookupFuncMap{}
	// onStart are the functions Start runs after the module has started.
	onStart []func()
)

// getMod returns the module, starting it on first use. go-graphviz started
// it in this package's init, which every program that linked it paid for
// before main (BENCHMARKS.md, "Command start-up").
func getMod() *WasmModule {
	if m := ready.Load(); m != nil {
		return m
	}
	Start()
	return mod
}

// Start starts the module, if it has not started, and runs the functions
// registered with OnStart. A panic while starting leaves the module
// unstarted for good; every later use panics.
func Start() {
	initOnce.Do(func() {
		initModule()
		ready.Store(mod)
		for _, f := range onStart {
			f()
		}
	})
}

// OnStart registers f to run once the module has started; only from a
// package's init.
func OnStart(f func()) { onStart = append(onStart, f) }

// Started reports whether the module has started.
func Started() bool { return ready.Load() != nil }
