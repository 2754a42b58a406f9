package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// mapFlags are the flags of render for the classic map (--view map).
type mapFlags struct {
	view         *choice
	width, scale float64
	font         string
}

// addMapFlags adds the map's flags to the render command.
func addMapFlags(cmd *cobra.Command) *mapFlags {
	m := &mapFlags{}
	m.view = addChoiceFlag(cmd, "view", "flow", "what to draw (`VIEW`): flow (the graph of the steps) or map (the classic journey map: stages as columns, lanes for actions, touchpoints, thoughts, emotions, barriers, opportunities; .svg or .png)", "flow", "map")
	cmd.Flags().Float64Var(&m.width, "width", 0, "for --view map: the width in `PX` the map is laid out for (default 1280; a long journey is wider)")
	cmd.Flags().Float64Var(&m.scale, "scale", 1, "for --view map and .png: device pixels per map pixel (`F`; 2 for slides)")
	cmd.Flags().StringVar(&m.font, "font", "", "for --view map and .png: a TrueType `FILE` (.ttf) for the characters the Go fonts lack (CJK, Arabic, Hebrew)")
	return m
}

// maxMapWidth bounds --width: wider than any screen or print, and finite.
const maxMapWidth = 1e6

// apply checks the map's flags against the output's extension and, for
// --view map, sets r to draw the map: findings marked unless
// --highlight=false, the font file read.
func (m *mapFlags) apply(cmd *cobra.Command, ext string, r *renderArgs) error {
	changed := cmd.Flags().Changed
	if m.view.value != "map" {
		for _, name := range []string{"width", "scale", "font"} {
			if changed(name) {
				return fmt.Errorf("--%s applies to --view map only", name)
			}
		}
		return nil
	}
	if ext != ".svg" && ext != ".png" {
		return fmt.Errorf("--view map draws .svg or .png, not %s", ext)
	}
	if ext != ".png" && (changed("scale") || changed("font")) {
		return fmt.Errorf("--scale and --font apply to a .png map only")
	}
	// Written so that NaN fails too: every comparison with NaN is false.
	if !(m.width >= 0 && m.width <= maxMapWidth) || !(m.scale > 0 && m.scale <= 8) {
		return fmt.Errorf("--width must be positive, and --scale between 0 and 8")
	}
	if !changed("highlight") {
		r.highlight = true
	}
	r.how.mapOpts = render.MapOptions{Width: m.width, Scale: m.scale, MaxSteps: r.how.gv.MaxSteps}
	if m.font != "" {
		b, err := os.ReadFile(m.font)
		if err != nil {
			return fmt.Errorf("cannot read the font: %w", err)
		}
		r.how.mapOpts.Font = b
	}
	r.write = writeMap(ext == ".png")
	return nil
}

// writeMap draws the classic map: SVG, or PNG when png is set.
func writeMap(png bool) func(ctx context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error {
	return func(_ context.Context, w io.Writer, j *journey.Journey, opts render.Options, how renderHow) error {
		mo := how.mapOpts
		mo.Persona, mo.NoLegend = opts.Persona, opts.NoLegend
		mo.Findings = render.NewMapFindings(opts.Report)
		if png {
			return render.MapPNG(w, j, mo)
		}
		return render.Map(w, j, mo)
	}
}
