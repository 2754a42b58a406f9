//go:build unix

package gvtmp

import (
	"os"
	"syscall"
)

// privateDir returns "journeymap" in the user's cache directory, made with
// mode 0700 if missing, provided it is a real directory owned by the user
// and open to no one else; "" otherwise.
func privateDir() string {
	base, err := os.UserCacheDir()
	if err != nil || len(base) == 0 || base[0] != '/' {
		return ""
	}
	dir := base + "/journeymap"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode()&os.ModeSymlink != 0 || fi.Mode().Perm()&0o077 != 0 {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != os.Getuid() {
		return ""
	}
	return dir
}
