// Package graphviz renders journeys as SVG and PNG pictures through
// github.com/goccy/go-graphviz, Graphviz compiled to WebAssembly and run by
// the pure-Go wazero runtime: no cgo and no Graphviz installation needed.
//
// SVG and PNG lay out the DOT text of render.DOT with Graphviz's dot engine;
// RenderDOT does the same for DOT text from anywhere. SVG comes from
// Graphviz's own SVG renderer. PNG comes from this package's renderer,
// registered as go-graphviz's "png" render plugin: go-graphviz's stock PNG
// renderer (v0.2.10) fills shapes and draws text but strokes nothing, so
// node outlines, cluster borders and edge lines are missing from its
// pictures. Text in PNGs uses the Go fonts (Latin, Greek and Cyrillic
// scripts); a label wider than Graphviz's estimate is drawn smaller, to fit.
//
// # Limits
//
// Graphviz does not see the context and its dot layout cannot be
// interrupted; on a large, dense graph it can run for minutes. SVG and PNG
// therefore refuse a journey with more steps than Renderer.MaxSteps
// (DefaultMaxSteps for the zero Renderer, which the functions SVG and PNG
// use), or more than TransitionsPerStep times as many transitions, with a
// journey.Problems of code CodeTooLarge before calling Graphviz, and
// check the context before the layout starts and when it ends. Above 100
// steps or 150 transitions they also ask dot for fewer optimisation passes,
// and for straight edges when the transitions are many or dense, so that
// the largest journey the default limits allow is laid out in seconds
// rather than minutes (BENCHMARKS.md, "Figures behind the doc comments",
// has the times). RenderDOT lays out the DOT it is given as it is. PNGs
// are scaled down to MaxPNGSide pixels on a side; a DOT that forces a
// larger canvas fails with an *ImageTooLargeError.
//
// # Concurrency and memory, for servers
//
// The functions of this package are safe for concurrent use, but go-graphviz
// is not, even across separate instances: the process has one WebAssembly
// module. This package keeps one Graphviz instance, created on first use,
// and serialises every call into it behind one mutex, so renders run one at
// a time whatever the number of goroutines; a server rendering many maps
// should queue or rate-limit them. After any failure inside Graphviz the
// instance is closed and a new one is made for the next call.
//
// Graphviz runs as WebAssembly, through a copy of go-graphviz v0.2.10 in
// internal/gographviz that starts its module on the first call into
// Graphviz, not in its package initialisation as go-graphviz does, so a
// program that imports this package but draws nothing does not pay for it.
// The first render pays for the start, more on the machine's first run,
// without the compilation cache. A PNG costs several times what an SVG
// does: go-graphviz reads every field of Graphviz's drawing state through
// a separate call into WebAssembly, so the PNG renderer's cost is mostly
// those calls. BENCHMARKS.md has the times.
//
// Memory only grows. The WebAssembly linear memory is never given back to
// the operating system, and go-graphviz v0.2.10 leaks into it on every
// render: it never frees the output buffer Graphviz returns, and its
// bridge allocates on every drawing callback and field read without
// freeing. Each render keeps a little more than the size of its output,
// several times more as PNG than as SVG (this package keeps the PNG itself
// out of WebAssembly memory), so thousands of renders hold on to tens or
// hundreds of megabytes, more for larger journeys; BENCHMARKS.md has the
// figures TestMemoryGrowth measures. The live Go heap shows it, as the
// memory is a Go byte slice. A PNG render also allocates its canvas, width×height×4 bytes (up to
// 256 MB at MaxPNGSide), which the garbage collector reclaims. There is no
// way to reset the module short of restarting the process, so a
// long-running server should render in a worker process that it restarts
// after a budget of renders (the journeymap command is one), prefer SVG, or
// at least watch its heap.
//
// # Files and the compilation cache
//
// go-graphviz mounts the host file system into the WebAssembly module, so a
// DOT attribute such as image="/etc/passwd" would make Graphviz open that
// file. While this package renders it replaces that file system with an
// empty one (and restores go-graphviz's default afterwards), so DOT given to
// RenderDOT cannot read files. A program that uses go-graphviz directly with
// its own file system (graphviz.SetFileSystem) finds it reset to the default
// after each render of this package.
//
// go-graphviz caches the compiled WebAssembly (wazero's compilation cache)
// in the fixed directory filepath.Join(os.TempDir(), "go-graphviz"), shared
// by every user of the machine, in its package initialisation: it creates
// the directory with mode 0755 if it does not exist and otherwise uses
// whatever is there, without checking who owns it. So another local user
// who creates the directory first can plant compiled native code that the
// program loads and runs, and cache files the program cannot read make
// go-graphviz's initialisation panic before main. The copy this package
// uses (internal/gographviz, see its JOURNEYMAP.md) starts the module on
// first use and takes the cache directory as a setting, so before its first
// call into Graphviz this package:
//
//   - picks CacheDir: "go-graphviz" in "journeymap" in the user's cache
//     directory (os.UserCacheDir, such as ~/.cache/journeymap, made with
//     mode 0700 and used only if it is a real directory owned by the user
//     and closed to others), or go-graphviz's shared place where no such
//     directory can be had (no home directory, or not Unix);
//   - runs CheckCache on it, and if it is not safe (a symbolic link, owned
//     by another user than the process's or root, or writable by group or
//     others, itself or anything in it) SVG, PNG and RenderDOT fail with an
//     *UnsafeCacheError, before any code is loaded from it;
//   - otherwise points the module's cache at it. TMPDIR is never changed.
//
// Operators on machines where the fallback applies should give each
// service a private TMPDIR (systemd's PrivateTmp=yes, or TMPDIR set to a
// 0700 directory owned by the service user) before the process starts.
package graphviz
