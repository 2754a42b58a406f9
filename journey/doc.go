// Package journey models customer journey maps as code: the steps customers
// take (the vertices of a directed graph), the transitions between them (its
// edges), the ordered stages the steps belong to, the touchpoints where they
// happen and the personas (key customer segments) they apply to.
//
// A journey is plain data. Read and ReadFile read one from YAML or JSON (the
// format is detected from the content; "\r\n" line ends count as one), Write
// writes it back without loss, Validate checks it and ForPersona cuts out
// what one persona sees. The package knows nothing of analysis, graph
// algorithms or pictures: package analysis
// (github.com/journeymap/journeymap/analysis) finds a journey's weak spots,
// package render draws it, and journey/graphadapter gives it to
// github.com/dominikbraun/graph's generic algorithms.
//
// # Files
//
// The keys of a file are the lower-case field names of the model:
//
//	id: sofa
//	personas:
//	  - id: families
//	    criteria:
//	      - {name: easy-clean fabric, weight: 5}
//	touchpoints:
//	  - {id: site, channel: site, mode: online, control: direct, importance: 5}
//	stages:
//	  - {id: search, phase: awareness}
//	steps:
//	  - id: ad
//	    stage: search
//	    touchpoint: site
//	    emotion: 1
//	    barriers:
//	      - {description: slow site, severity: high}
//	transitions:
//	  - {from: ad, to: buy, probability: 0.2}
//	entries: [ad]
//	goals: [buy]
//
// Unknown keys are errors, so a typo never passes silently. A string field
// takes any scalar (id: 2024 is the string "2024"), null leaves the zero
// value, integers must be integers and numbers numbers. YAML anchors and
// aliases work, within the limits of ReadOptions.
//
// # Problems
//
// Read and Validate report what is wrong as a Problems error: every problem
// at once, sorted, each with a stable Code, the Path of the offending value
// in the file's key names, and for a journey read from a file its File,
// Line and Column. The codes are:
//
//	Code                      Meaning                                               Example path
//
//	Reading (Read, ReadFile)
//	syntax                    not well-formed YAML or JSON; more than one document  (none)
//	empty-file                the file holds nothing but space and comments         (none)
//	unknown-key               a key the model does not have (message suggests one)  steps[3].emoton
//	wrong-type                a value of the wrong kind: a string for a number,     steps[3].emotion
//	                          a list for a mapping, 1.5 for an integer
//	duplicate-key             a key repeated in one mapping                         steps[3].stage
//	too-large                 the file exceeds ReadOptions.MaxBytes, or a YAML file (none)
//	                          (or malformed JSON) exceeds MaxYAMLBytes
//	alias-limit               aliases exceed ReadOptions.MaxAliases or expand       (none)
//	                          too far (a "billion laughs")
//	too-deep                  collections nested beyond ReadOptions.MaxDepth        (none)
//	string-too-long           a string longer than ReadOptions.MaxStringLen         personas[0].description
//	too-many-steps            more steps than ReadOptions.MaxSteps                  steps
//	too-many-transitions      more transitions than ReadOptions.MaxTransitions      transitions
//	too-many-problems         reading or validating stopped after 1000 problems     (none)
//
//	Validating (Validate)
//	nil-journey               Validate was called on a nil *Journey                 (none)
//	missing-id                a journey, persona, touchpoint, stage or step         steps[3].id
//	                          without an id
//	duplicate-id              an id used twice within personas, touchpoints,        stages[2].id
//	                          stages or steps
//	missing-name              a persona's criterion without a name                  personas[0].criteria[1].name
//	missing-description       a barrier without a description                       steps[1].barriers[0].description
//	missing-stage             a step that names no stage                            steps[3].stage
//	unknown-stage             a step's stage is not among the stages                steps[3].stage
//	unknown-touchpoint        a step's touchpoint is not among the touchpoints      steps[3].touchpoint
//	unknown-persona           a persona id in a step, barrier or transition, a key  steps[1].barriers[0].personas[0]
//	                          of a step's counts or an observed segment's persona
//	                          that is not among the personas
//	duplicate-persona         a persona listed twice in one personas list, or two   transitions[2].personas[1]
//	                          observed segments for one persona
//	unknown-step              a transition end, entry, goal or exit that names      transitions[2].from
//	                          no step (or is empty)
//	duplicate-entry           a step listed twice among the entries                 entries[1]
//	duplicate-goal            a step listed twice among the goals                   goals[1]
//	duplicate-exit            a step listed twice among the exits                   exits[1]
//	no-entry                  no entries: nowhere for customers to start            entries
//	no-goal                   no goals: no target action                            goals
//	emotion-out-of-range      an emotion outside -2..+2                             steps[3].emotion
//	unknown-severity          a barrier severity other than low, medium, high,      steps[1].barriers[0].severity
//	                          blocker, or none at all
//	unknown-mode              a touchpoint mode other than online, offline or none  touchpoints[2].mode
//	unknown-control           a touchpoint control other than direct, indirect      touchpoints[2].control
//	                          or none
//	importance-out-of-range   a touchpoint importance outside 0..5                  touchpoints[2].importance
//	probability-out-of-range  a transition probability outside (0, 1], NaN or       transitions[2].probability
//	                          infinite (0 means not stated)
//	probability-sum           a step's outgoing probabilities for one persona       steps[3]
//	                          (named in the message) sum above 1
//	negative-count            a count below zero: a transition's or step's count,   transitions[2].count
//	                          a step's count for one persona, observed cases
//	count-below-outflow       a step's count (or its count for one persona) below   steps[3].count
//	                          what its counted outgoing transitions take out (for
//	                          a persona: the transitions naming that persona alone)
//	counts-above-count        a step's counts per persona sum above its count       steps[3].counts
//	share-out-of-range        a persona share outside (0, 1], or NaN (0 means not   personas[1].share
//	                          stated)
//	share-sum                 the personas' shares sum above 1                      personas
//	invalid-timing            a timing's median or p90 negative, NaN or infinite,   transitions[2].time.median
//	                          or its p90 below its median
//	converted-above-cases     more converted cases than cases observed              observed.converted
//	negative-weight           a criterion weight below zero, NaN or infinite        personas[0].criteria[1].weight
//	duplicate-transition      a transition with the same from, to and set of        transitions[4]
//	                          personas as an earlier one
//
// Build (the Builder) and analysis.Analyze add these:
//
//	Code                      Meaning                                               Example path
//	------------------------  ----------------------------------------------------  --------------------------
//	misplaced-modifier        a builder modifier with nothing to modify, such as    (none)
//	                          Emotion right after Edge
//	nil-builder               a method called on a nil *Builder                     (none)
//	unknown-persona           analysis.Options.Persona names no persona             (none)
//	unknown-entry             analysis.Options.EntryWeights names a step that is    (none)
//	                          not an entry
//	invalid-entry-weight      an entry weight that is negative, NaN or infinite     (none)
//
// The renderers (package render, render/graphviz) report a nil journey and
// an unknown persona with the codes above, and add:
//
//	Code                      Meaning                                               Example path
//	------------------------  ----------------------------------------------------  --------------------------
//	render-too-large          more steps (or transitions) than graphviz.Renderer    steps
//	                          lays out
//	render-map-too-large      more steps or stages than render.MapOptions allow,    steps
//	                          or a map PNG of more than render.MaxMapPixels
//	render-map-font           render.MapOptions.Font is not a TrueType font         (none)
//
// Each code is a constant of type Code (CodeSyntax, CodeUnknownStep, ...;
// analysis.CodeUnknownEntry, graphviz.CodeTooLarge, render.CodeMapTooLarge
// for theirs).
//
// A problem whose value is missing from the file (a step without an id) is
// placed at the mapping that lacks it. A reference that names nothing
// (unknown-stage, unknown-touchpoint, unknown-persona, unknown-step) suggests
// the nearest existing ID when one is a typo away, as unknown keys do.
//
// # Positions
//
// Each struct read from a file carries where it stands there, in its
// Position field (package position), so positions follow the values: delete,
// reorder or copy steps, copy the journey (k := *j, Clone, ForPersona), and
// Validate still places each problem at its value's line. Reading keeps
// nothing else of the file. Since Position is part of the struct, a journey
// read is not reflect.DeepEqual to the same journey built in Go: compare
// with Equal, or call StripPositions first.
//
// # Limits
//
// Read bounds what a file may cost: its size, the expansion of YAML aliases,
// the nesting of collections, the length of strings and the number of steps
// and transitions. The zero ReadOptions gives safe defaults; nothing a file
// holds makes Read or Validate panic.
package journey
