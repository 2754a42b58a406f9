//go:build !unix

package graphviz

import "os"

// unsafeOwner says what is unsafe about a cache file's owner or mode, or "".
// Without Unix ownership there is nothing to check.
func unsafeOwner(os.FileInfo) string { return "" }
