package render

import "github.com/journeymap/journeymap/analysis"

// DefaultMaxSteps is the largest journey, in steps, that the renderers with
// a size limit draw by default: render/graphviz's Renderer (whose layout
// cannot be interrupted) when its MaxSteps is zero.
const DefaultMaxSteps = 400

// Options tunes every renderer. The zero value gives the defaults: the whole
// journey, no findings highlighted, with a legend.
type Options struct {
	// Report, if set, highlights the analysis findings: unreachable steps
	// greyed and dashed, dead ends marked, critical steps and the best path
	// emphasised, barriers on critical steps in red. When Persona is set and
	// Report has a report for that persona, that one is used.
	Report *analysis.Report
	// Persona, if set, draws the journey as that persona sees it.
	Persona string
	// NoLegend leaves out the legend.
	NoLegend bool
	// Overlay, if set, draws observed traffic on the designed journey:
	// counts and pen widths on its transitions, unmodelled moves dashed in
	// a warning colour, unvisited steps greyed (see Overlay). DOT (and so
	// SVG and PNG) draws it; the Mermaid renderers ignore it.
	Overlay *Overlay
}
