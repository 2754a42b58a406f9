//go:build ignore

// Gen writes paths.csv, the CRM export the crm example reads: one row per
// event of a customer, for customers of two segments who move through the
// funnel of a software company with different chances. It is seeded, so the
// file is the same every time:
//
//	go run gen.go > paths.csv
package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

// next gives, per segment and event, the events that may follow with their
// chances; what is left over is the chance that the customer stops there.
var next = map[string]map[string][]choice{
	"smb": {
		"":         {{"ad", 0.7}, {"referral", 0.3}},
		"ad":       {{"site", 0.55}},
		"referral": {{"site", 0.85}},
		"site":     {{"trial", 0.45}, {"webinar", 0.1}, {"demo", 0.05}},
		"webinar":  {{"trial", 0.5}, {"demo", 0.2}},
		"trial":    {{"quote", 0.4}, {"demo", 0.1}},
		"demo":     {{"quote", 0.6}},
		"quote":    {{"signed", 0.7}, {"demo", 0.05}},
	},
	"enterprise": {
		"":         {{"ad", 0.4}, {"referral", 0.6}},
		"ad":       {{"site", 0.6}},
		"referral": {{"site", 0.5}, {"demo", 0.4}},
		"site":     {{"demo", 0.4}, {"webinar", 0.25}, {"trial", 0.1}},
		"webinar":  {{"demo", 0.6}},
		"trial":    {{"demo", 0.5}, {"quote", 0.1}},
		"demo":     {{"quote", 0.65}, {"trial", 0.1}},
		"quote":    {{"signed", 0.45}, {"demo", 0.2}},
	},
}

type choice struct {
	event  string
	chance float64
}

func main() {
	rng := rand.New(rand.NewPCG(2026, 5))
	var rows [][]string
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= 160; i++ {
		seg := "smb"
		if rng.Float64() < 0.35 {
			seg = "enterprise"
		}
		t := start.Add(time.Duration(rng.IntN(60*24)) * time.Hour)
		ev := ""
		for n := 0; n < 12; n++ {
			x, p := rng.Float64(), 0.0
			var to string
			for _, c := range next[seg][ev] {
				if p += c.chance; x < p {
					to = c.event
					break
				}
			}
			if to == "" {
				break
			}
			ev = to
			rows = append(rows, []string{fmt.Sprintf("C%04d", i), seg, t.Format(time.RFC3339), ev})
			if ev == "signed" {
				break
			}
			t = t.Add(time.Duration(2+rng.IntN(10*24)) * time.Hour)
		}
	}
	// A CRM exports events in the order they happened, customers mixed.
	slices.SortStableFunc(rows, func(a, b []string) int { return strings.Compare(a[2], b[2]) })
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"customer", "segment", "time", "event"})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
