//go:build unix

package graphviz

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCache(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, dir string) // dir is the cache dir, not yet made
		reason string                         // "" if safe
	}{
		{"missing", func(*testing.T, string) {}, ""},
		{"private", func(t *testing.T, dir string) {
			mkdir(t, dir, 0o700)
			mkdir(t, filepath.Join(dir, "wazero-v1"), 0o755)
			write(t, filepath.Join(dir, "wazero-v1", "abc"), 0o644)
		}, ""},
		{"go-graphviz's own 0755", func(t *testing.T, dir string) { mkdir(t, dir, 0o755) }, ""},
		{"world-writable", func(t *testing.T, dir string) { mkdir(t, dir, 0o777) }, "writable by group or others"},
		{"group-writable", func(t *testing.T, dir string) { mkdir(t, dir, 0o775) }, "writable by group or others"},
		{"world-writable inside", func(t *testing.T, dir string) {
			mkdir(t, dir, 0o700)
			mkdir(t, filepath.Join(dir, "sub"), 0o777)
		}, "writable by group or others"},
		{"writable file inside", func(t *testing.T, dir string) {
			mkdir(t, dir, 0o700)
			write(t, filepath.Join(dir, "code"), 0o666)
		}, "writable by group or others"},
		{"symbolic link", func(t *testing.T, dir string) {
			target := filepath.Join(filepath.Dir(dir), "elsewhere")
			mkdir(t, target, 0o700)
			if err := os.Symlink(target, dir); err != nil {
				t.Fatal(err)
			}
		}, "symbolic link"},
		{"symbolic link inside", func(t *testing.T, dir string) {
			mkdir(t, dir, 0o700)
			if err := os.Symlink("/etc/passwd", filepath.Join(dir, "code")); err != nil {
				t.Fatal(err)
			}
		}, "symbolic link"},
		{"a file", func(t *testing.T, dir string) { write(t, dir, 0o600) }, "not a directory"},
		{"owned by another user", func(t *testing.T, dir string) {
			if os.Getuid() != 0 {
				t.Skip("needs root to give a directory away")
			}
			mkdir(t, dir, 0o755)
			if err := os.Chown(dir, 12345, 12345); err != nil {
				t.Fatal(err)
			}
		}, "owned by uid 12345"},
		{"file owned by another user", func(t *testing.T, dir string) {
			if os.Getuid() != 0 {
				t.Skip("needs root to give a file away")
			}
			mkdir(t, dir, 0o700)
			write(t, filepath.Join(dir, "code"), 0o644)
			if err := os.Chown(filepath.Join(dir, "code"), 12345, 12345); err != nil {
				t.Fatal(err)
			}
		}, "owned by uid 12345"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "go-graphviz")
			tc.setup(t, dir)
			err := checkCacheDir(dir)
			if tc.reason == "" {
				if err != nil {
					t.Errorf("checkCacheDir() = %v, want nil", err)
				}
				return
			}
			var e *UnsafeCacheError
			if !errors.As(err, &e) {
				t.Fatalf("checkCacheDir() = %v, want *UnsafeCacheError", err)
			}
			if e.Dir != dir || !strings.Contains(e.Reason, tc.reason) || e.Code() != CodeUnsafeCache {
				t.Errorf("got %+v, want Dir %q and a reason with %q", e, dir, tc.reason)
			}
		})
	}
}

func mkdir(t *testing.T, dir string, perm os.FileMode) {
	t.Helper()
	if err := os.Mkdir(dir, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, perm); err != nil { // past the umask
		t.Fatal(err)
	}
}

func write(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte("x"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}
