package graphviz

import (
	"fmt"
	"strconv"
)

// Error codes, stable kebab-case strings returned by the Code methods of the
// errors of this package: failures of Graphviz and of its environment, and
// problems with DOT text or a PNG canvas. Problems with a journey to draw
// are journey.Problems instead (see Renderer.SVG).
const (
	CodeImageTooLarge = "render-image-too-large"
	CodeDOTSyntax     = "render-dot-syntax"
	CodeFormat        = "render-format"
	CodeGraphviz      = "render-graphviz"
)

// ImageTooLargeError reports a PNG whose canvas would exceed MaxPNGSide
// pixels on a side even after scaling down, as happens when the DOT sets its
// own size or dpi. The PNG canvas takes width×height×4 bytes of memory.
type ImageTooLargeError struct {
	Width, Height int // canvas size Graphviz asked for, in pixels
	Max           int // MaxPNGSide
}

// Error returns the error message.
func (e *ImageTooLargeError) Error() string {
	return fmt.Sprintf("PNG would be %d×%d pixels, more than %d on a side (render SVG instead, or lower the graph's size or dpi)", e.Width, e.Height, e.Max)
}

// Code returns CodeImageTooLarge.
func (e *ImageTooLargeError) Code() string { return CodeImageTooLarge }

// SyntaxError reports DOT that Graphviz could not parse.
type SyntaxError struct {
	Line    int    // 1-based line of the DOT text, 0 if Graphviz gave none
	Message string // Graphviz's message, without its trailing newline
}

// Error returns the error message.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return "dot:" + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return "dot: " + e.Message
}

// Code returns CodeDOTSyntax.
func (e *SyntaxError) Code() string { return CodeDOTSyntax }

// FormatError reports a Format that RenderDOT does not know.
type FormatError struct {
	// Format is the format asked for.
	Format Format
}

// Error returns the error message.
func (e *FormatError) Error() string {
	return fmt.Sprintf("unknown output format %d (want SVGFormat or PNGFormat)", int(e.Format))
}

// Code returns CodeFormat.
func (e *FormatError) Code() string { return CodeFormat }

// GraphvizError reports a failure inside Graphviz (layout or rendering).
// The Graphviz runtime is discarded after such a failure and a fresh one is
// used by the next call.
type GraphvizError struct {
	Op  string // "parse", "layout and render", "close" ...
	Err error  // the underlying error
}

// Error returns the error message.
func (e *GraphvizError) Error() string { return "graphviz: " + e.Op + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *GraphvizError) Unwrap() error { return e.Err }

// Code returns CodeGraphviz.
func (e *GraphvizError) Code() string { return CodeGraphviz }
