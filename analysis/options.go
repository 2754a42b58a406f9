package analysis

// DefaultK is the number of best paths Analyze reports when
// Options.K is zero, and MaxK the most it reports whatever K says.
const (
	DefaultK = 10
	MaxK     = 1000
)

// Options tunes Analyze. The zero value gives the defaults.
type Options struct {
	// K is the number of best entry-to-goal paths to report: 0 means
	// DefaultK; larger values are capped at MaxK; negative means none.
	K int
	// Persona, if set, analyses the journey as that persona sees it only:
	// the returned report is that persona's, with no Personas map.
	Persona string
	// EntryWeights weighs the entries in the flow, by step ID, where the
	// entries do not all state a count; entries not named get weight 0. Nil
	// means every entry is equally likely.
	EntryWeights map[string]float64
}
