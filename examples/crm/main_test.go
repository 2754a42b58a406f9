package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "crm.yaml")
	var buf strings.Builder
	if err := run(&buf, []string{"-o", out}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"paths.csv: 160 customers, 27 signed",
		"all customers: conversion 16.9%",
		"  awareness        100.0%    35.6%",
		"Small businesses: conversion 12.0%",
		"Enterprises: conversion 25.0%",
		"most customers are lost at purchase",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
	j, err := journey.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Errorf("the written journey is invalid: %v", err)
	}
}

// Counts on every move, the drop-outs included, make the chain's conversion
// the share of customers in the export who signed, for everyone and for each
// segment.
func TestConversionMatchesExport(t *testing.T) {
	j, customers, signed, err := build(bytes.NewReader(pathsCSV))
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.Analyze(context.Background(), j, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(who string, rate float64, signed, customers int) {
		if want := float64(signed) / float64(customers); math.Abs(rate-want) > 1e-9 {
			t.Errorf("%s: conversion %v, want %d/%d", who, rate, signed, customers)
		}
	}
	check("all", r.Flow.Conversion, signed, customers)

	recs, err := csv.NewReader(bytes.NewReader(pathsCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen, won := map[string]map[string]bool{}, map[string]int{}
	for _, rec := range recs[1:] {
		if seen[rec[1]] == nil {
			seen[rec[1]] = map[string]bool{}
		}
		seen[rec[1]][rec[0]] = true
		if rec[3] == goal {
			won[rec[1]]++
		}
	}
	for _, p := range segments {
		check(p.ID, r.Personas[p.ID].Flow.Conversion, won[p.ID], len(seen[p.ID]))
	}
	if len(r.Flow.Assumed) != 0 {
		t.Errorf("steps without counts: %v", r.Flow.Assumed)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		j, _, _, err := build(bytes.NewReader(pathsCSV))
		if err != nil {
			t.Fatal(err)
		}
		if err := journey.Write(buf, j, journey.YAML); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same export gave two different journeys")
	}
}

func TestBadExport(t *testing.T) {
	for _, tc := range []struct{ csv, want string }{
		{"customer,segment,time,event\nC1,smb,2026-01-01T00:00:00Z,teleport\n", "line 2: unknown event \"teleport\""},
		{"customer,segment,time,event\nC1,pirates,2026-01-01T00:00:00Z,ad\n", "line 2: unknown segment"},
		{"customer,segment,time,event\nC1,smb,yesterday,ad\n", "line 2: bad time"},
		{"customer,segment,time,event\nC1,smb,2026-01-01T00:00:00Z,ad\nC1,enterprise,2026-01-02T00:00:00Z,site\n", "line 3: customer C1 is in segment smb"},
		{"customer,segment,time,event\nC1,smb\n", "wrong number of fields"},
		{"customer,segment,time,event\n", "no customers"},
		{"", "EOF"},
	} {
		path := filepath.Join(t.TempDir(), "bad.csv")
		if err := os.WriteFile(path, []byte(tc.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		err := run(new(strings.Builder), []string{"-csv", path})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want one containing %q", tc.csv, err, tc.want)
		}
	}
}
