// Package render draws journeys as Graphviz DOT and as Mermaid diagrams, in
// pure Go.
//
// DOT writes a digraph in which the stages are clusters laid out left to
// right in their order and every step shows its action, touchpoint, emotion
// and barriers; with a analysis.Report in the Options, the analysis findings
// are highlighted. Mermaid writes a Mermaid "journey" diagram (one section
// per stage, one task per step, scored by emotion) and MermaidFlowchart a
// Mermaid "flowchart LR" of the whole graph, for the branching the journey
// diagram cannot show.
//
// Output is deterministic: the same journey and options always give the
// same bytes. Every ID and label is escaped for the language it is written
// in, so that no text of the journey can break the output.
//
// SVG and PNG are in the subpackage render/graphviz, which lays the DOT out
// with Graphviz compiled to WebAssembly. This package does not import it, so
// a program that only writes DOT or Mermaid never loads that runtime.
package render
