package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

// Problem codes of the map's size guard.
const (
	// CodeMapTooLarge: the journey has more steps or stages than
	// MapOptions allow, or its PNG would have too many pixels.
	CodeMapTooLarge journey.Code = "render-map-too-large"
	// CodeMapFont: MapOptions.Font is not a TrueType font.
	CodeMapFont journey.Code = "render-map-font"
)

// Defaults of MapOptions.
const (
	// DefaultMapWidth is the width, in pixels, the map is laid out to fill
	// when MapOptions.Width is zero. Columns are never narrower than
	// MinMapColumn: a journey of many stages or steps is wider.
	DefaultMapWidth = 1280
	// MinMapColumn is the narrowest a stage column is drawn, in pixels.
	MinMapColumn = 96
	// MaxMapColumn is the widest a stage column is drawn, in pixels, unless
	// its steps need more.
	MaxMapColumn = 260
	// DefaultMapMaxStages is the largest number of stages the map draws
	// when MapOptions.MaxStages is zero.
	DefaultMapMaxStages = 200
	// MaxMapPixels is the most pixels a map PNG may have.
	MaxMapPixels = 100 << 20
)

// MapOptions tunes Map and MapPNG. The zero value gives the defaults: the
// whole journey, no findings, with a legend, laid out for 1,280 pixels.
type MapOptions struct {
	// Persona, if set, draws the journey as that persona sees it: only
	// the steps, transitions and barriers that apply to it, one emotion line.
	Persona string
	// Findings, if set, are marked on the map: critical steps, dead ends,
	// unreachable steps, silent, empty and unreachable stages, the reach of
	// each stage. NewMapFindings fills them from an analysis report.
	Findings *MapFindings
	// Width is the width, in pixels, the map is laid out to fill; zero means
	// DefaultMapWidth. Columns are never narrower than MinMapColumn, and a
	// stage with many steps gets a wider column, so a long journey is wider;
	// nor wider than MaxMapColumn, so a short one is narrower.
	Width float64
	// MaxSteps is the largest journey, in steps, that is drawn; larger ones
	// fail with a CodeMapTooLarge problem. Zero means DefaultMaxSteps;
	// negative means no limit.
	MaxSteps int
	// MaxStages is the same for stages. Zero means DefaultMapMaxStages;
	// negative means no limit.
	MaxStages int
	// NoLegend leaves out the legend.
	NoLegend bool
	// Font, if set, is a TrueType font (.ttf) for the characters the Go
	// fonts lack (CJK, Arabic, Hebrew, ...): the PNG draws them with it, and
	// text is measured with it. The SVG does not name it: the viewer draws
	// SVG text with its own fonts.
	Font []byte
	// Scale is the PNG's pixels per map pixel; zero means 1. Use 2 for slides.
	Scale float64
	// IDPrefix starts the id of every element of the SVG that has one;
	// zero means "map-". Give each map its own when a page holds several.
	IDPrefix string
	// Before, if set, makes the map a comparison: the journey drawn is the
	// after one (to-be, or a competitor's), and Before's emotion curves lie
	// on the same axes, one per persona, dashed and lighter. Steps are
	// matched by ID: a step Before lacks is marked NEW in green, a step only
	// Before has is listed in red (REMOVED, numbered r1, r2, ...) in the
	// column of its stage and has its point on the before curve. Stages are
	// matched by ID, then by phase (as compare.Compare does); a stage only
	// Before has gets a column of its own. When the journeys share no step
	// ID (a competitor), each curve has a point per stage at the mean
	// emotion of its steps there, and Before's steps are listed per stage.
	// Before must have Persona when Persona is set; it obeys the same size
	// guard. Findings, if set, are the after journey's.
	//
	// The SVG's hooks: each before curve is a <g class="emotion before"
	// id="map-before-emotion-N" data-persona="ID"> beside the after curve
	// map-emotion-N of the same persona; its points have the class
	// "emotion-point before" and data-step (data-stage, with the mean as
	// data-emotion, for a competitor). A new step's card has the class
	// added; the removed steps of a column are a <g class="removed"> holding
	// a <g class="removed-step" data-step="ID"> per step; a stage only
	// Before has is a <g class="stage removed">.
	Before *journey.Journey
}

// MapFindings are the analysis findings the map marks. Steps and stages are
// named by ID; IDs the journey does not have are ignored. It is plain data,
// so that findings from any analysis can be drawn.
type MapFindings struct {
	// Critical are steps on every entry-to-goal path.
	Critical []string
	// DeadEnds are reachable steps from which no goal or exit can be reached.
	DeadEnds []string
	// Unreachable are steps no entry leads to.
	Unreachable []string
	// UnreachableStages have steps, none reachable.
	UnreachableStages []string
	// SilentStages have steps but no touchpoint: the brand is silent there.
	SilentStages []string
	// EmptyStages have no steps.
	EmptyStages []string
	// StageReach is the share of entering customers who reach each stage,
	// by stage ID; only where the journey has numbers.
	StageReach map[string]float64
	// Conversion is the share of entering customers who reach a goal, or
	// nil where the journey has no numbers.
	Conversion *float64
}

// NewMapFindings returns the findings of an analysis report in the form
// the map draws. It returns nil for a nil report.
func NewMapFindings(r *analysis.Report) *MapFindings {
	if r == nil {
		return nil
	}
	f := &MapFindings{
		Critical:          r.CriticalSteps,
		DeadEnds:          r.DeadEnds,
		Unreachable:       r.UnreachableSteps,
		UnreachableStages: r.UnreachableStages,
	}
	for _, g := range r.Gaps {
		switch g.Kind {
		case analysis.GapSilentStage:
			f.SilentStages = append(f.SilentStages, g.Stage)
		case analysis.GapEmptyStage:
			f.EmptyStages = append(f.EmptyStages, g.Stage)
		}
	}
	if c := r.Flow; c != nil {
		rate := c.Conversion
		f.Conversion = &rate
		f.StageReach = make(map[string]float64, len(c.Stages))
		for _, s := range c.Stages {
			f.StageReach[s.Stage] = s.Reach
		}
	}
	return f
}

// Map writes the classic customer journey map of j to w as SVG: the stages
// as columns in order, each headed by its phase, goal, expectations and
// questions; lanes for the actions (the steps, in the order customers meet
// them), the touchpoints, the thoughts, the emotion curve (one line per
// persona), the barriers (worst first) and the opportunities; the findings
// of opts.Findings marked.
//
// The SVG has stable hooks for scripts and style sheets (ids start with
// MapOptions.IDPrefix, "map-" by default): each stage column
// is a <g class="stage" id="map-stage-N" data-stage="ID">, each persona's
// emotion line a <g class="emotion" id="map-emotion-N" data-persona="ID">
// (data-persona="" when the journey has no personas), and each step card a
// <g class="step" data-step="ID" data-lines="map-emotion-1 ..."> naming the
// emotion lines the step is on; findings add the classes critical,
// dead-end and unreachable to a card, and silent to a stage.
//
// Text is measured with the Go fonts' metrics (or opts.Font) and wrapped
// inside its cell; the SVG asks for the Go font first and falls back to
// common sans-serif fonts. Every text is escaped; right-to-left and CJK text
// is written as it is, for the viewer to draw with its fonts.
//
// Map fails with journey.Problems on a nil journey, an unknown persona or a
// journey beyond the size guard (CodeMapTooLarge), and with the writer's
// error when writing fails. The output is deterministic.
func Map(w io.Writer, j *journey.Journey, opts MapOptions) error {
	d, err := layoutMap(j, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	writeSVG(bw, d)
	return bw.Flush()
}

// checkSize is the map's size guard.
func checkSize(j *journey.Journey, opts MapOptions) error {
	maxSteps := opts.MaxSteps
	if maxSteps == 0 {
		maxSteps = DefaultMaxSteps
	}
	maxStages := opts.MaxStages
	if maxStages == 0 {
		maxStages = DefaultMapMaxStages
	}
	var ps journey.Problems
	if maxSteps > 0 && len(j.Steps) > maxSteps {
		ps = append(ps, journey.Problem{Code: CodeMapTooLarge, Path: "steps",
			Message: fmt.Sprintf("the journey has %d steps, more than the %d the map draws (MapOptions.MaxSteps)", len(j.Steps), maxSteps)})
	}
	if maxStages > 0 && len(j.Stages) > maxStages {
		ps = append(ps, journey.Problem{Code: CodeMapTooLarge, Path: "stages",
			Message: fmt.Sprintf("the journey has %d stages, more than the %d the map draws (MapOptions.MaxStages)", len(j.Stages), maxStages)})
	}
	if len(ps) > 0 {
		return ps
	}
	return nil
}
