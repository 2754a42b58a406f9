// Package render draws journeys as Graphviz DOT, as Mermaid diagrams and as
// the classic customer journey map, in pure Go.
//
// DOT writes a digraph in which the stages are clusters laid out left to
// right in their order and every step shows its action, touchpoint, emotion
// and barriers; with a analysis.Report in the Options, the analysis findings
// are highlighted. Mermaid writes a Mermaid "journey" diagram (one section
// per stage, one task per step, scored by emotion) and MermaidFlowchart a
// Mermaid "flowchart LR" of the whole graph, for the branching the journey
// diagram cannot show.
//
// Map writes the classic journey map as SVG, and MapPNG the same map as a
// PNG: the stages as columns in order, lanes for the actions, touchpoints,
// thoughts, the emotion curve of each persona, barriers and opportunities,
// with the findings of an analysis (MapFindings) marked. It lays the map out
// itself, measuring text with the Go fonts, and needs no Graphviz.
//
// Output is deterministic: the same journey and options always give the
// same bytes. Every ID and label is escaped for the language it is written
// in, so that no text of the journey can break the output.
//
// SVG and PNG of the flow graph are in the subpackage render/graphviz, which lays the DOT out
// with Graphviz compiled to WebAssembly. This package does not import it, so
// a program that only writes DOT or Mermaid never loads that runtime.
package render
