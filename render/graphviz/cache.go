package graphviz

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	gv "github.com/journeymap/journeymap/internal/gographviz"
	"github.com/journeymap/journeymap/render/graphviz/internal/gvtmp"
)

// CodeUnsafeCache is the code of an *UnsafeCacheError.
const CodeUnsafeCache = "render-unsafe-cache"

// UnsafeCacheError reports that the compilation cache directory of
// Graphviz's WebAssembly module is one other local users could have written
// to, so the code in it cannot be trusted; the module was not started from
// it. See the package documentation, "Files and the compilation cache".
type UnsafeCacheError struct {
	Dir    string // the cache directory
	Reason string // what is wrong with it
}

// Error returns the error message.
func (e *UnsafeCacheError) Error() string {
	return fmt.Sprintf("go-graphviz compilation cache %s is unsafe: %s (give the process a private TMPDIR, or create the directory owned by this user with mode 0700)", e.Dir, e.Reason)
}

// Code returns CodeUnsafeCache.
func (e *UnsafeCacheError) Code() string { return CodeUnsafeCache }

// CacheDir returns the directory where Graphviz's compiled WebAssembly is
// cached: "go-graphviz" in "journeymap" in the user's cache directory when
// that is private to the user (see the package documentation), and
// "go-graphviz" in os.TempDir(), go-graphviz's own choice, otherwise.
func CacheDir() string {
	if dir := gvtmp.Dir(); dir != "" {
		return filepath.Join(dir, "go-graphviz")
	}
	tmp := os.TempDir()
	if tmp == "" {
		return ""
	}
	return filepath.Join(tmp, "go-graphviz")
}

// CheckCache reports whether go-graphviz's compilation cache directory,
// CacheDir, is safe to have loaded code from: it must be a real directory
// (not a symbolic link), owned by the user running the process or by root,
// and writable by no one else, and so must everything in it. A missing
// directory is safe (go-graphviz had no cache). Otherwise CheckCache returns
// an *UnsafeCacheError.
//
// SVG, PNG and RenderDOT call CheckCache once, before the WebAssembly
// module starts (on their first call into Graphviz) and loads code from the
// cache, and fail with its error if the cache is unsafe. On systems
// without Unix file ownership only the symbolic-link check applies.
func CheckCache() error { return checkCacheDir(CacheDir()) }

// checkCacheDir is CheckCache for the cache directory dir.
func checkCacheDir(dir string) error {
	if dir == "" {
		return nil
	}
	fi, err := os.Lstat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return &UnsafeCacheError{Dir: dir, Reason: err.Error()}
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return &UnsafeCacheError{Dir: dir, Reason: "it is a symbolic link"}
	}
	if !fi.IsDir() {
		return &UnsafeCacheError{Dir: dir, Reason: "it is not a directory"}
	}
	if reason := unsafeOwner(fi); reason != "" {
		return &UnsafeCacheError{Dir: dir, Reason: reason}
	}
	// wazero keeps its files in subdirectories; check the whole tree.
	var bad *UnsafeCacheError
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				// A directory we cannot read, whose owner and mode were
				// checked on the way in: go-graphviz could not read it either.
				return nil
			}
			bad = &UnsafeCacheError{Dir: dir, Reason: err.Error()}
			return filepath.SkipAll
		}
		if path == dir {
			return nil
		}
		fi, err := os.Lstat(path)
		if err != nil {
			bad = &UnsafeCacheError{Dir: dir, Reason: err.Error()}
			return filepath.SkipAll
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			bad = &UnsafeCacheError{Dir: dir, Reason: path + " is a symbolic link"}
			return filepath.SkipAll
		}
		if reason := unsafeOwner(fi); reason != "" {
			bad = &UnsafeCacheError{Dir: dir, Reason: path + ": " + reason}
			return filepath.SkipAll
		}
		return nil
	})
	if bad != nil {
		return bad
	}
	if err != nil {
		return &UnsafeCacheError{Dir: dir, Reason: err.Error()}
	}
	return nil
}

var (
	cacheOnce sync.Once
	cacheErr  error
)

// checkCacheOnce runs CheckCache once per process and, if the cache is
// safe, points the WebAssembly module's cache at it. The module reads the
// cache only when it starts, on the first call into Graphviz, which comes
// after this, so one check is enough.
func checkCacheOnce() error {
	cacheOnce.Do(func() {
		dir := CacheDir()
		if cacheErr = checkCacheDir(dir); cacheErr == nil {
			gv.SetCompilationCacheDir(dir)
		}
	})
	return cacheErr
}
