package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderMap(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		out  string
		args []string
		want []string // substrings of the file
		not  []string
	}{
		{"map.svg", []string{"--view", "map"}, []string{`class="journeymap-map"`, `<g class="stage" id="map-stage-1" data-stage="search">`, "BRAND SILENT", `data-persona="family"`}, nil},
		{"plain.svg", []string{"--view=map", "--highlight=false"}, []string{`class="journeymap-map"`}, []string{"BRAND SILENT"}},
		{"family.svg", []string{"--view", "map", "--persona", "family", "--width", "900"}, []string{`data-persona="family"`}, []string{`data-persona="couple"`}},
		{"nolegend.svg", []string{"--view", "map", "--no-legend"}, []string{"<svg"}, []string{`class="legend"`}},
		{"flow.svg", []string{"--view", "flow"}, []string{"<svg"}, []string{"journeymap-map"}},
	} {
		args := append([]string{sofaFile, "-o", filepath.Join(dir, c.out)}, c.args...)
		code, stdout, stderr := runRenderArgs(t, args...)
		if code != exitOK || stderr != "" || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, c.out))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%v: no %q in the output", args, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(string(b), w) {
				t.Errorf("%v: %q in the output", args, w)
			}
		}
	}

	// To standard output.
	code, stdout, stderr := runRenderArgs(t, sofaFile, "-o", "-", "--format", "svg", "--view", "map")
	if code != exitOK || !strings.HasPrefix(stdout, "<?xml") || !strings.Contains(stdout, "journeymap-map") {
		t.Errorf("-o -: exit %d, stderr %q, stdout %.100q", code, stderr, stdout)
	}

	// The PNG, twice the size.
	out := filepath.Join(dir, "map.png")
	if code, _, stderr := runRenderArgs(t, sofaFile, "-o", out, "--view", "map", "--scale", "2", "--width", "900"); code != exitOK {
		t.Fatalf("png: exit %d: %s", code, stderr)
	}
	f, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(f))
	if err != nil || cfg.Width < 1800 {
		t.Errorf("png: %v, %d px wide", err, cfg.Width)
	}
}

func TestRenderMapUsage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", filepath.Join(dir, "a.dot"), "--view", "map"}, "--view map draws .svg or .png, not .dot"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "grid"}, `invalid argument "grid" for "--view"`},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--width", "900"}, "--width applies to --view map only"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "map", "--scale", "2"}, "apply to a .png map only"},
		{[]string{"-o", filepath.Join(dir, "a.png"), "--view", "map", "--scale", "0"}, "--scale between 0 and 8"},
		{[]string{"-o", filepath.Join(dir, "a.png"), "--view", "map", "--scale", "NaN"}, "--scale between 0 and 8"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "map", "--width", "NaN"}, "--width must be positive"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "map", "--width", "Inf"}, "--width must be positive"},
		{[]string{"-o", filepath.Join(dir, "a.png"), "--view", "map", "--font", filepath.Join(dir, "none.ttf")}, "cannot read the font"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "map", "--persona", "nobody"}, "unknown-persona"},
		{[]string{"-o", filepath.Join(dir, "a.svg"), "--view", "map", "--max-steps", "3"}, "render-map-too-large"},
	} {
		code, _, stderr := runRenderArgs(t, append([]string{sofaFile}, c.args...)...)
		if code != exitInvalid || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
	if names := dirEntries(t, dir); len(names) != 0 {
		t.Errorf("files left behind: %v", names)
	}
}
