//go:build !unix

package gvtmp

// privateDir returns "": elsewhere than on Unix there is no file ownership
// to check, and the cache stays where go-graphviz puts it.
func privateDir() string { return "" }
