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
// therefore refuse a journey with more steps than render.Options.MaxSteps
// (render.DefaultMaxSteps when zero) with a *TooLargeError before calling
// Graphviz, and check the context before the layout starts and when it ends.
// PNGs are scaled down to MaxPNGSide pixels on a side; a DOT that forces a
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
// Importing this package costs the WebAssembly runtime: go-graphviz compiles
// its 20 MB module in its package initialisation (about 0.7 s without a
// compilation cache). The WebAssembly linear memory only grows: it keeps the
// high-water mark of the largest render so far and is never given back to
// the operating system while the process runs.
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
// go-graphviz caches the compiled WebAssembly in the fixed directory
// filepath.Join(os.TempDir(), "go-graphviz"), shared by every user of the
// machine, and it does so in its package initialisation, before any code of
// this package can run: it creates the directory with mode 0755 if it does
// not exist, and otherwise uses whatever is there, without checking who owns
// it. On a machine with untrusted local users, one of them could create the
// directory first and plant compiled code that every other process importing
// go-graphviz then loads. There is no option or environment variable to turn
// the cache off or move it, other than TMPDIR, which changes os.TempDir for
// the whole process. Operators should therefore either give the process a
// private TMPDIR (systemd's PrivateTmp=yes, or TMPDIR pointing to a 0700
// directory owned by the service user) or create the shared directory first
// themselves, owned by the service user with mode 0700. CheckCache reports
// whether the directory in use is safe.
package graphviz
