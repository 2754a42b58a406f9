package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/journeymap/journeymap/render"
)

// mapOptions are the options of the README's map: the findings of the
// analysis marked, laid out for the README's width.
func mapOptions(t *testing.T, j *journey.Journey) render.MapOptions {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return render.MapOptions{Findings: render.NewMapFindings(r), Width: 900}
}

// TestMapPicture fails when docs/sofa-map.svg, the map at the top of the
// README, is not what the library draws from sofa.yaml today, or when
// docs/sofa-map.png is not the size it should be. Run it with
// JOURNEYTEST_UPDATE=1 to redraw both.
func TestMapPicture(t *testing.T) {
	j, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	opts := mapOptions(t, j)
	var svg bytes.Buffer
	if err := render.Map(&svg, j, opts); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "sofa-map.svg"), svg.Bytes())

	// The PNG is checked by its size only: its
	// pixels may differ in the last bit from one processor to another.
	var pic bytes.Buffer
	if err := render.MapPNG(&pic, j, opts); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "sofa-map.png")
	if updating, _ := strconv.ParseBool(os.Getenv(journeytest.UpdateEnv)); updating || journeytest.Update {
		if err := os.WriteFile(path, pic.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := png.DecodeConfig(bytes.NewReader(pic.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v: run the test with %s=1", err, journeytest.UpdateEnv)
	}
	defer f.Close()
	got, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Width != want.Width || got.Height != want.Height {
		t.Errorf("%s is %d×%d, the map is %d×%d now: run the test with %s=1", path, got.Width, got.Height, want.Width, want.Height, journeytest.UpdateEnv)
	}
}
