//go:build !unix

package gvtmp

// privateDir returns "": elsewhere than on Unix, os.TempDir does not read
// TMPDIR, and the cache stays where go-graphviz puts it.
func privateDir() string { return "" }
