// Package report writes a journey's report: one self-contained HTML page
// that a browser opens offline, with everything inline (SVG, CSS,
// JavaScript; no request leaves it).
//
// The page holds the journey's name and purpose; its personas with their
// segments and criteria; the classic journey map (render.Map) with a persona
// switcher; the flow graph (render/graphviz) with the findings marked; the
// findings as tables; the flow by stage as a funnel and the attribution by
// touchpoint as bars, where the journey has numbers; and the conformance of
// an event log, when one is given. With Options.Before, a section compares
// the journey with another (as-is with to-be, ours with a competitor's, as
// package compare does): conversion before and after, the regressions, what
// was added, removed and changed, reach and emotion by stage, the map with
// both emotion curves and the flow graph of the comparison. A print style
// sheet makes it a handout.
//
// The page is written with html/template: every text of the journey is
// escaped for the context it lands in, so that no text of a journey can
// run a script in the reader's browser.
//
// The package lives apart from render because it draws the flow graph
// through render/graphviz, which itself imports render.
package report
