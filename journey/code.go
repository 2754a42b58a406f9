package journey

// Code identifies the kind of a Problem: a stable kebab-case string, listed
// with its meaning in the package documentation. Compare a problem's Code
// with these constants rather than with string literals, so that a typo is
// a compile error. Package analysis and the renderers add a few codes of
// their own, of this type.
type Code string

// Codes of Read and ReadFile.
const (
	CodeSyntax             Code = "syntax"               // not well-formed YAML or JSON; more than one document
	CodeEmptyFile          Code = "empty-file"           // nothing but space and comments
	CodeUnknownKey         Code = "unknown-key"          // a key the model does not have
	CodeWrongType          Code = "wrong-type"           // a value of the wrong kind
	CodeDuplicateKey       Code = "duplicate-key"        // a key repeated in one mapping
	CodeTooLarge           Code = "too-large"            // the file exceeds ReadOptions.MaxBytes or MaxYAMLBytes
	CodeAliasLimit         Code = "alias-limit"          // YAML aliases beyond ReadOptions.MaxAliases
	CodeTooDeep            Code = "too-deep"             // nesting beyond ReadOptions.MaxDepth
	CodeStringTooLong      Code = "string-too-long"      // a string beyond ReadOptions.MaxStringLen
	CodeTooManySteps       Code = "too-many-steps"       // more steps than ReadOptions.MaxSteps
	CodeTooManyTransitions Code = "too-many-transitions" // more transitions than ReadOptions.MaxTransitions
	CodeTooManyProblems    Code = "too-many-problems"    // reading or validating stopped after 1000 problems
)

// Codes of Validate.
const (
	CodeNilJourney            Code = "nil-journey"              // a nil *Journey
	CodeMissingID             Code = "missing-id"               // a journey, persona, touchpoint, stage or step without an id
	CodeDuplicateID           Code = "duplicate-id"             // an id used twice within one catalog
	CodeMissingName           Code = "missing-name"             // a criterion without a name
	CodeMissingDescription    Code = "missing-description"      // a barrier without a description
	CodeMissingStage          Code = "missing-stage"            // a step that names no stage
	CodeUnknownStage          Code = "unknown-stage"            // a step's stage is not among the stages
	CodeUnknownTouchpoint     Code = "unknown-touchpoint"       // a step's touchpoint is not among the touchpoints
	CodeUnknownPersona        Code = "unknown-persona"          // a persona id that is not among the personas
	CodeDuplicatePersona      Code = "duplicate-persona"        // a persona listed twice in one list
	CodeUnknownStep           Code = "unknown-step"             // a transition end, entry, goal or exit naming no step
	CodeDuplicateEntry        Code = "duplicate-entry"          // a step listed twice among the entries
	CodeDuplicateGoal         Code = "duplicate-goal"           // a step listed twice among the goals
	CodeDuplicateExit         Code = "duplicate-exit"           // a step listed twice among the exits
	CodeNoEntry               Code = "no-entry"                 // no entries
	CodeNoGoal                Code = "no-goal"                  // no goals
	CodeEmotionOutOfRange     Code = "emotion-out-of-range"     // an emotion outside MinEmotion..MaxEmotion
	CodeUnknownSeverity       Code = "unknown-severity"         // a barrier severity that is not one of Severities
	CodeUnknownMode           Code = "unknown-mode"             // a touchpoint mode other than online, offline or none
	CodeUnknownControl        Code = "unknown-control"          // a touchpoint control other than direct, indirect or none
	CodeImportanceOutOfRange  Code = "importance-out-of-range"  // a touchpoint importance outside 0..5
	CodeProbabilityOutOfRange Code = "probability-out-of-range" // a transition probability outside (0, 1]
	CodeProbabilitySum        Code = "probability-sum"          // a step's outgoing probabilities sum above 1
	CodeNegativeCount         Code = "negative-count"           // a count below zero
	CodeNegativeWeight        Code = "negative-weight"          // a criterion weight below zero, NaN or infinite
	CodeDuplicateTransition   Code = "duplicate-transition"     // a transition repeating an earlier one
	CodeCountBelowOutflow     Code = "count-below-outflow"      // a step counting fewer customers than its counted transitions take out
	CodeCountsAboveCount      Code = "counts-above-count"       // a step's counts per persona summing above its count
	CodeShareOutOfRange       Code = "share-out-of-range"       // a persona share outside (0, 1]
	CodeShareSum              Code = "share-sum"                // the personas' shares summing above 1
	CodeInvalidTiming         Code = "invalid-timing"           // a timing negative, NaN or infinite, or its p90 below its median
	CodeConvertedAboveCases   Code = "converted-above-cases"    // more converted cases than cases observed
)

// Codes of Build, besides those of Validate.
const (
	// CodeMisplacedModifier: a Builder modifier (Emotion, Barrier, Kind, P,
	// Label, Phase, For, ...) was called where there is nothing it can
	// modify, such as Emotion right after Edge.
	CodeMisplacedModifier Code = "misplaced-modifier"
	// CodeNilBuilder: Build was called on a nil *Builder.
	CodeNilBuilder Code = "nil-builder"
)
