//go:build unix

package graphviz

import (
	"fmt"
	"os"
	"syscall"
)

// unsafeOwner says what is unsafe about a cache file's owner or mode, or "".
func unsafeOwner(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	if uid := uint32(os.Getuid()); st.Uid != uid && st.Uid != 0 {
		return fmt.Sprintf("owned by uid %d, not by this process's uid %d or root", st.Uid, uid)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Sprintf("writable by group or others (mode %v)", fi.Mode().Perm())
	}
	return ""
}
