package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
)

// The competitor's journey shares no step with ours: it is compared stage
// by stage, its stages matched by phase, and the walk finds where it is
// present and we are silent (warranty service).
func TestCompetitor(t *testing.T) {
	ours, err := journey.ReadFile("sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := journey.ReadFile("competitor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := compare.Compare(context.Background(), ours, theirs, compare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Competitor {
		t.Fatal("not compared as a competitor's journey")
	}
	if len(d.Stages) != 8 {
		t.Fatalf("%d stage pairs, want 8", len(d.Stages))
	}
	var silent []string
	for _, s := range d.Stages {
		if s.MatchedBy != "phase" {
			t.Errorf("stage %s matched by %q", s.Stage, s.MatchedBy)
		}
		if s.Note == compare.NoteSilentBefore {
			silent = append(silent, s.Stage+"/"+s.StageAfter)
		}
	}
	if len(silent) != 1 || silent[0] != "warranty/claim" {
		t.Errorf("stages where we are silent and they are not: %q", silent)
	}
	// The competitor does not serve corporate clients: compared where the
	// personas overlap, the rest listed.
	if len(d.RemovedPersonas) != 1 || d.RemovedPersonas[0] != "corporate" || len(d.Personas) != 2 {
		t.Errorf("personas: only ours %q, compared %d", d.RemovedPersonas, len(d.Personas))
	}
	// Families with children, stopped by our showroom blocker, buy from
	// the competitor.
	for _, p := range d.Personas {
		if p.Persona == "family" && !(*p.Conversion.After > 4**p.Conversion.Before) {
			t.Errorf("family conversion %v -> %v", *p.Conversion.Before, *p.Conversion.After)
		}
	}
	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	journeytest.Golden(t, "testdata/competitor.md", md.Bytes())
}
