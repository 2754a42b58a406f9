package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey/journeytest"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	if err := run(&out, []string{"-o", dir}); err != nil {
		t.Fatal(err)
	}
	j, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Personas) != 3 {
		t.Fatalf("sofa.yaml has %d personas, the example shows three", len(j.Personas))
	}
	for _, p := range j.Personas {
		if !strings.Contains(out.String(), "\n"+p.Name+": ") {
			t.Errorf("no summary for %s in\n%s", p.Name, out.String())
		}
	}
	for _, want := range []string{"all segments: ", "conversion ", "reached after the purchase: delivery ", "most credited step: ", "worst barrier: blocker", "gap: ", "best path: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, name := range []string{"sofa", "sofa-" + j.Personas[0].ID, "sofa-" + j.Personas[2].ID} {
		dot, err := os.ReadFile(filepath.Join(dir, name+".dot"))
		if err != nil || !bytes.HasPrefix(dot, []byte("digraph")) {
			t.Errorf("%s.dot: %v, starts %.20q", name, err, dot)
		}
		svg, err := os.ReadFile(filepath.Join(dir, name+".svg"))
		if err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("%s.svg: %v, starts %.20q", name, err, svg)
		}
	}
}

func TestRunFile(t *testing.T) {
	var out strings.Builder
	if err := run(&out, []string{"-f", "sofa.yaml", "-o", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\nsteps:\n  - id: a\n    emoton: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(&out, []string{"-f", bad, "-o", t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:4:5: unknown-key") {
		t.Errorf("a typo in the file gave %v", err)
	}
}

// TestPicture fails when docs/sofa.svg, the picture in the README, is not
// what the library draws from sofa.yaml today. Redraw it with
//
//	JOURNEYTEST_UPDATE=1 go test ./examples/sofa -run TestPicture
func TestPicture(t *testing.T) {
	j, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := picture(context.Background(), &svg, j); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, filepath.Join("..", "..", "docs", "sofa.svg"), svg.Bytes())
}
