package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// mapFlags are the flags of render for the classic map (--view map).
type mapFlags struct {
	view         *string
	width, scale *float64
	font         *string
}

func addMapFlags(set *flag.FlagSet) mapFlags {
	return mapFlags{
		view:  set.String("view", "flow", "what to draw: flow (the graph of the steps) or map (the classic journey map: stages as columns, lanes for actions, touchpoints, thoughts, emotions, barriers, opportunities; .svg or .png)"),
		width: set.Float64("width", 0, "for --view map: the width in `PX` the map is laid out for (default 1280; a long journey is wider)"),
		scale: set.Float64("scale", 1, "for --view map and .png: device pixels per map pixel (`F`; 2 for slides)"),
		font:  set.String("font", "", "for --view map and .png: a TrueType `FILE` (.ttf) for the characters the Go fonts lack (CJK, Arabic, Hebrew)"),
	}
}

// check returns what is wrong with the map's flags for output ext, or "".
func (m mapFlags) check(set *flag.FlagSet, ext string) string {
	given := map[string]bool{}
	set.Visit(func(f *flag.Flag) { given[f.Name] = true })
	switch *m.view {
	case "flow":
		for _, name := range []string{"width", "scale", "font"} {
			if given[name] {
				return fmt.Sprintf("--%s applies to --view map only", name)
			}
		}
	case "map":
		if ext != ".svg" && ext != ".png" {
			return fmt.Sprintf("--view map draws .svg or .png, not %s", ext)
		}
		if ext != ".png" && (given["scale"] || given["font"]) {
			return "--scale and --font apply to a .png map only"
		}
		if *m.width < 0 || *m.scale <= 0 || *m.scale > 8 {
			return "--width must be positive, and --scale between 0 and 8"
		}
	default:
		return fmt.Sprintf("unknown --view %q (want flow or map)", *m.view)
	}
	return ""
}

// options returns the map's options but for the persona, legend and
// findings, which come from render.Options; it reads the font file.
func (m mapFlags) options(maxSteps int) (render.MapOptions, error) {
	opts := render.MapOptions{Width: *m.width, Scale: *m.scale, MaxSteps: maxSteps}
	if *m.font != "" {
		b, err := os.ReadFile(*m.font)
		if err != nil {
			return opts, fmt.Errorf("cannot read the font: %w", err)
		}
		opts.Font = b
	}
	return opts, nil
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
