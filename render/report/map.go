package report

import (
	"io"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// classicMap draws the classic map of every persona with the findings of
// rep marked. The page's persona switcher works through the map's hooks:
// each emotion line is a g.emotion with data-persona, and each step card a
// g.step whose data-lines names the emotion lines it is on.
func classicMap(w io.Writer, j *journey.Journey, rep *analysis.Report, opts Options) error {
	return render.Map(w, j, render.MapOptions{
		Findings: render.NewMapFindings(rep),
		Width:    opts.MapWidth,
		Font:     opts.MapFont,
		IDPrefix: "map-",
	})
}
