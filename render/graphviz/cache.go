package graphviz

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/journeymap/journeymap/render/graphviz/internal/gvtmp"
)

// go-graphviz's initialisation, which this package's imports run first, has
// read TMPDIR by now: put it back as the program was started with.
func init() { gvtmp.Restore() }

// CodeUnsafeCache is the code of an *UnsafeCacheError.
const CodeUnsafeCache = "render-unsafe-cache"

// UnsafeCacheError reports that go-graphviz's compilation cache directory
// is one other local users could have written to, so the WebAssembly code
// that go-graphviz loaded from it when the process started cannot be
// trusted. See the package documentation, "Files and the compilation cache".
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

// CacheDir returns the directory where go-graphviz caches compiled
// WebAssembly: "go-graphviz" in the directory os.TempDir() named while
// go-graphviz v0.2.10 started, which is the user's private cache directory
// when one could be had (see the package documentation) and the shared
// temporary directory otherwise.
func CacheDir() string {
	if gvtmp.Dir != "" {
		return filepath.Join(gvtmp.Dir, "go-graphviz")
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
// SVG, PNG and RenderDOT call CheckCache once, before their first call into
// Graphviz, and fail with its error if the cache is unsafe. On systems
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

// checkCacheOnce runs CheckCache once per process. go-graphviz reads the
// cache only in its initialisation, so one check is enough.
func checkCacheOnce() error {
	cacheOnce.Do(func() { cacheErr = CheckCache() })
	return cacheErr
}
