// Command crm builds a customer journey from what a CRM holds, an export of
// customer events (paths.csv: customer, segment, time, event, one row per
// event), and prints the conversion and the drop-off at each stage, for all
// customers and for each segment.
//
// Usage:
//
//	go run ./examples/crm [-csv FILE] [-o journey.yaml]
//
// Without -csv it reads the paths.csv shipped with it (made by gen.go). With
// -o it also writes the journey it built, which the journeymap command reads.
//
// Every customer starts at the step "lead" (entering the CRM); each move from
// one event to the next becomes a transition whose Count is the number of
// customers of the segment who made it. A customer whose last event is not
// the signed contract moves on to the step "left-STAGE" of the stage of that
// last event, so that analysis.Analyze shows where customers are lost.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

//go:embed paths.csv
var pathsCSV []byte

// What the export does not say, the team knows: the segments, the stages and
// the step each event stands for.
var (
	segments = []persona.Persona{
		{ID: "smb", Name: "Small businesses"},
		{ID: "enterprise", Name: "Enterprises"},
	}
	touchpoints = []touchpoint.Touchpoint{
		{ID: "crm", Name: "CRM", Mode: touchpoint.Online, Control: touchpoint.Direct},
		{ID: "ads", Name: "Search ads", Channel: touchpoint.Ads, Mode: touchpoint.Online, Control: touchpoint.Direct},
		{ID: "clients", Name: "Our clients", Channel: touchpoint.WordOfMouth, Mode: touchpoint.Offline, Control: touchpoint.Indirect},
		{ID: "site", Name: "Web site", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct},
		{ID: "webinar", Name: "Webinar", Channel: touchpoint.Event, Mode: touchpoint.Online, Control: touchpoint.Direct},
		{ID: "app", Name: "The product", Channel: touchpoint.App, Mode: touchpoint.Online, Control: touchpoint.Direct},
		{ID: "sales", Name: "Sales team", Channel: touchpoint.Phone, Mode: touchpoint.Offline, Control: touchpoint.Direct},
	}
	stages = []journey.Stage{
		{ID: "awareness", Name: "Awareness", Phase: journey.Awareness},
		{ID: "consideration", Name: "Consideration", Phase: journey.Consideration},
		{ID: "evaluation", Name: "Evaluation", Phase: journey.Decision},
		{ID: "purchase", Name: "Purchase", Phase: journey.Purchase},
	}
	events = []journey.Step{
		{ID: "lead", Stage: "awareness", Touchpoint: "crm", Action: "becomes a lead"},
		{ID: "ad", Stage: "awareness", Touchpoint: "ads", Action: "clicks an ad"},
		{ID: "referral", Stage: "awareness", Touchpoint: "clients", Action: "is referred by a client"},
		{ID: "site", Stage: "consideration", Touchpoint: "site", Action: "reads the pricing page"},
		{ID: "webinar", Stage: "consideration", Touchpoint: "webinar", Action: "attends a webinar"},
		{ID: "trial", Stage: "evaluation", Touchpoint: "app", Action: "starts a free trial"},
		{ID: "demo", Stage: "evaluation", Touchpoint: "sales", Action: "has a demo call"},
		{ID: "quote", Stage: "purchase", Touchpoint: "sales", Action: "receives a quote"},
		{ID: "signed", Stage: "purchase", Touchpoint: "sales", Action: "signs the contract", Emotion: 2},
	}
)

const entry, goal = "lead", "signed"

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "crm:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("crm", flag.ContinueOnError)
	fs.SetOutput(w)
	file := fs.String("csv", "", "the CRM export to read (default: the bundled paths.csv)")
	out := fs.String("o", "", "also write the journey built to this YAML file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, name := pathsCSV, "paths.csv"
	if *file != "" {
		var err error
		if data, err = os.ReadFile(*file); err != nil {
			return err
		}
		name = *file
	}
	j, customers, signed, err := build(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if *out != "" {
		var buf bytes.Buffer
		if err := journey.Write(&buf, j, journey.YAML); err != nil {
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}

	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d customers, %d signed\n", name, customers, signed)
	if r.Flow != nil {
		funnel(w, "all customers", r.Flow)
	}
	for _, p := range segments {
		if pr := r.Personas[p.ID]; pr != nil && pr.Flow != nil {
			funnel(w, p.Name, pr.Flow)
		}
	}
	return nil
}

// funnel prints the conversion and, for each stage, the share of customers
// who entered it and the share who left the journey there.
func funnel(w io.Writer, title string, c *analysis.Flow) {
	fmt.Fprintf(w, "\n%s: conversion %.1f%%\n", title, 100*c.Conversion)
	fmt.Fprintf(w, "  %-14s %8s %8s\n", "STAGE", "ENTERED", "LOST")
	worst := c.Stages[0]
	for _, s := range c.Stages {
		fmt.Fprintf(w, "  %-14s %7.1f%% %7.1f%%\n", s.Stage, 100*s.Reach, 100*s.Leave)
		if s.Leave > worst.Leave {
			worst = s
		}
	}
	fmt.Fprintf(w, "  most customers are lost at %s\n", worst.Stage)
}

// build reads the CRM export and returns the journey it describes, with the
// number of customers and of those who signed.
func build(r io.Reader) (j *journey.Journey, customers, signed int, err error) {
	type event struct {
		at   time.Time
		step string
	}
	stageOf := map[string]string{}
	for _, s := range events {
		stageOf[s.ID] = s.Stage
	}
	isSegment := func(id string) bool {
		return slices.ContainsFunc(segments, func(p persona.Persona) bool { return p.ID == id })
	}

	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	if _, err := cr.Read(); err != nil { // the header
		return nil, 0, 0, err
	}
	paths := map[string][]event{}
	segmentOf := map[string]string{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, 0, err
		}
		line, _ := cr.FieldPos(0)
		id, seg, at, step := rec[0], rec[1], rec[2], rec[3]
		t, err := time.Parse(time.RFC3339, at)
		switch {
		case err != nil:
			return nil, 0, 0, fmt.Errorf("line %d: bad time %q", line, at)
		case !isSegment(seg):
			return nil, 0, 0, fmt.Errorf("line %d: unknown segment %q", line, seg)
		case stageOf[step] == "" || step == entry:
			return nil, 0, 0, fmt.Errorf("line %d: unknown event %q", line, step)
		case segmentOf[id] != "" && segmentOf[id] != seg:
			return nil, 0, 0, fmt.Errorf("line %d: customer %s is in segment %s, not %s", line, id, segmentOf[id], seg)
		}
		segmentOf[id] = seg
		paths[id] = append(paths[id], event{t, step})
	}
	if len(paths) == 0 {
		return nil, 0, 0, errors.New("no customers")
	}

	// Count the moves of each segment from step to step, every customer
	// starting as a lead and ending where the last event leaves them.
	type move struct{ from, to, seg string }
	counts, left := map[move]int64{}, map[string]bool{}
	for id, path := range paths {
		slices.SortStableFunc(path, func(a, b event) int { return a.at.Compare(b.at) })
		from := entry
		for _, e := range path {
			counts[move{from, e.step, segmentOf[id]}]++
			from = e.step
		}
		if from == goal {
			signed++
		} else {
			counts[move{from, "left-" + stageOf[from], segmentOf[id]}]++
			left["left-"+stageOf[from]] = true
		}
	}

	j = &journey.Journey{
		ID:          "crm-funnel",
		Name:        "From lead to contract, as the CRM saw it",
		Purpose:     "find where leads are lost",
		Personas:    segments,
		Touchpoints: touchpoints,
		Stages:      stages,
		Steps:       slices.Clone(events),
		Entries:     []string{entry},
		Goals:       []string{goal},
	}
	for _, s := range stages {
		if id := "left-" + s.ID; left[id] {
			j.Steps = append(j.Steps, journey.Step{ID: id, Stage: s.ID, Action: "stops answering", Emotion: -1})
		}
	}
	// The transitions in the order of their steps and segments, so that the
	// same export always gives the same journey.
	for _, from := range j.Steps {
		for _, to := range j.Steps {
			for _, p := range segments {
				if n := counts[move{from.ID, to.ID, p.ID}]; n > 0 {
					j.Transitions = append(j.Transitions, journey.Transition{
						From: from.ID, To: to.ID, Personas: []string{p.ID}, Count: n})
				}
			}
		}
	}
	return j, len(paths), signed, j.Validate()
}
