// Package compare sets two customer journeys side by side: a journey as it
// is (A, before) against the journey as it should be (B, after), or a
// company's journey against a competitor's.
//
// Structure returns the structural difference of two journeys as a Patch
// (what was added, removed and changed, field by field) and Apply applies
// it. Compare adds what the difference does to customers, from the analysis
// of both (package analysis): conversion before and after, reach, leave and
// emotion per stage, findings that appear or go away, how the attribution
// of conversions to steps and touchpoints shifts (AttributionShift, the
// largest shifts first), and the Regressions
// that make B worse than A (a new dead end or unreachable stage, a new
// barrier of high or blocker severity on a critical step, lower
// conversion), for all personas together and for each persona both have.
// Journeys that share no step ID (a competitor's) are compared stage by
// stage, stages matched by ID and then by phase: steps, touchpoints by mode
// and control, barriers by severity, emotion, reach and leave, and where
// one side is present and the other silent.
//
// A Diff marshals to JSON with the keys of the contract (added_steps,
// removed_steps, changed_steps, added_transitions, removed_transitions,
// added_barriers, removed_barriers, conversion, stages, regressions), more
// keys besides (attribution among them), and
// prints as text (WriteText) or Markdown for a pull-request comment
// (WriteMarkdown). Package compare imports journey and analysis, never the
// renderers; render.DiffDOT draws a Diff.
package compare
