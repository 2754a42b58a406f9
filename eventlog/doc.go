// Package eventlog learns customer journeys from event logs: the CRM and
// analytics exports that say which customer did what, when.
//
// # Reading
//
// An event log is a table of events: a case (customer) column, an activity
// column, a time column, and optionally segment, touchpoint (channel) and
// value columns. The readers, each a Reader, read CSV and TSV (NewCSVReader),
// JSON Lines (NewJSONLReader), XES (NewXESReader, IEEE 1849; .xes and
// .xes.gz), Parquet (NewParquetReader) and Excel workbooks
// (NewXLSXReader); OpenFile picks one by the file's name or content and
// unpacks gzip. Any other source plugs in by implementing Reader.
//
// Columns default to pm4py's names (case:concept:name, concept:name,
// time:timestamp), then case_id, activity and timestamp; Columns overrides
// them. Times may be RFC 3339, ISO 8601 dates and times with or without a
// zone (without one they are UTC), 2006-01-02 15:04:05, or Unix seconds,
// milliseconds, microseconds or nanoseconds; the first time of a column
// fixes its format, every other time must be in it, and ReadStats names it.
// The unit of a Unix time is told by its digits (up to 11 seconds, 12 to 14
// milliseconds, 15 to 17 microseconds, more nanoseconds), and a date
// written YYYYMMDD (20240101) is refused with a hint rather than read as
// seconds of 1970. XES dates are the exception: each is an xs:dateTime, with or without a
// zone. Times must fall in the years 1678 to 2261 (nanoseconds in an
// int64); a date such as 9999-12-31 is a bad-time problem.
//
// A case's events may come in any order: Mine orders each case by time,
// file order breaking ties.
//
// # Problems
//
// Every problem of a log is reported at once (up to Options.MaxProblems)
// as a Problems error, each Problem formatted FILE:ROW: code: message,
// where ROW is the line (CSV, JSON Lines, XES) or row (Parquet, Excel),
// followed by (column "NAME") where the message does not name the column.
// Row problems (missing-case, missing-activity, missing-time, bad-time,
// bad-value, ragged-row, bad-quote, bad-json, bad-name) may be skipped with
// Options.SkipBadRows, which counts them per code in ReadStats.Skipped;
// file problems (missing-column, duplicate-column, bad-gzip, bad-xes, bad-parquet, bad-xlsx,
// read-error, empty-log, too-many-rows, too-many-cases,
// too-many-activities, too-many-problems) stop the reading; bad-options
// refuses options that do not go together. An activity
// column with more than 10,000 distinct values (Options.MaxActivities) is
// refused: it looks like an ID.
//
// # Mining
//
// Mine and MineFile read a log into an Aggregate (ReadAggregate), the
// mergeable per-segment figures, and turn it into a journey
// (Aggregate.Journey):
//
//   - Steps are the activities, their IDs the names as written; a step's
//     Count is its number of events, Counts the same per persona.
//   - Transitions are the directly-follows pairs within cases, with the
//     number of times a case moved along each as Count and the median and
//     90th percentile of the time it took as Time.
//   - Entries are the activities cases start at. Goals are Options.Goals
//     (a case converts when it reaches one); without them, the activity
//     most cases end at. Exits are Options.Exits.
//   - Stages: the goal activities form the stage "goal"; activities most
//     of whose events come after their case's first goal form
//     "after-goal" (delivery, reviews, repeat purchases); the others form
//     "first-contact" when their mean place in their cases (0 for a case's
//     first event, 1 for its last) is in the first third, else
//     "consideration". Steps are ordered by stage, then mean place.
//   - Touchpoints: each step's touchpoint is the one most of its events
//     happened at, when the log has a touchpoint column.
//   - Personas: with a segment column, each segment is a persona (cases
//     without a segment form "unsegmented", or "unsegmented-2" when a
//     segment is itself named so) whose Share is its share of the cases. Every transition then names one persona and carries that
//     persona's count: one transition per persona and pair. The
//     all-personas view of the journey is their sum (a step's Count is the
//     sum of its Counts), so customers are conserved in every view, and
//     ForPersona, analysis with a persona, and journeymap analyze --persona
//     see each segment's own flow.
//   - Journey.Observed holds the cases, the converted cases and the time
//     to convert (from a case's first event to its first goal), in all and
//     per persona.
//
// Noise control, as analytics tools offer it: MinCount drops rare
// activities and pairs, TopSuccessors keeps the most frequent pairs out of
// each step, Collapse merges repeated consecutive events, and Window keeps
// only the events within a conversion window of each case's start. What is
// dropped is counted in the Summary (the pairs to and from a dropped
// activity too, so that the moves add up): customers on a dropped pair
// leave the flow at its step.
//
// With Options.Template the designed journey's steps, stages, touchpoints,
// emotions and barriers are kept and the observed counts laid on its steps
// and transitions, per persona where the steps and transition apply to it:
// a step's Counts name every persona of the log it applies to, 0 for one
// never seen there, so that each persona's flow starts where its customers
// did (a persona of the template the log never shows gets no counts). The
// goals counted are the template's and those of Options.Goals that are
// steps of it. MinCount and TopSuccessors, which drop steps and
// transitions, do not go with a template (bad-options). Summary.Unmatched
// lists the activities that are no step, the moves no transition takes,
// the starts at no entry, the segments that are no persona (added), the
// steps no one visited, the transitions no one took, the goals and exits
// asked for that are no step, and the events of personas at steps that do
// not apply to them (left out of the counts).
//
// The Summary also holds the conversion and the time to convert per
// segment (median and 90th percentile) and the most frequent variants;
// WriteText prints it as journeymap mine does.
package eventlog
