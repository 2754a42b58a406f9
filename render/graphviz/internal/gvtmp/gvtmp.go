// Package gvtmp finds the directory private to the user where Graphviz's
// compilation cache lives, out of the shared temporary directory.
//
// go-graphviz v0.2.10 caches the machine code of its WebAssembly module in
// "go-graphviz" under os.TempDir(), a directory every local user can create
// first and fill with code of their own, which go-graphviz then runs. The
// copy of go-graphviz in internal/gographviz starts its module on first use
// and takes the cache directory as a setting; render/graphviz gives it
// "go-graphviz" in Dir when Dir is not "".
package gvtmp

import "sync"

var (
	dirOnce sync.Once
	dir     string
)

// Dir returns "journeymap" in the user's cache directory, made with mode
// 0700 if missing, provided it is a real directory owned by the user and
// open to no one else; "" if there is no such directory. It looks once per
// process.
func Dir() string {
	dirOnce.Do(func() { dir = privateDir() })
	return dir
}
