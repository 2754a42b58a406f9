//go:build ignore

// Gen writes export.csv.gz, the CRM export the crm example mines: one row
// per event of a customer of a software company, 3,000 customers in three
// segments (small businesses, mid-market, enterprises), from the first
// touch through the contract to onboarding, support, renewal, upsell or
// churn. Each segment moves with its own chances and pace; a few customers
// chat with support before buying, which the team's designed journey
// (crm.yaml) does not foresee. It is seeded, so the file is the same every
// time:
//
//	go run gen.go
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

type choice struct {
	event  string
	chance float64
}

// next gives, per segment and event, the events that may follow with their
// chances; what is left over is the chance that the customer stops there.
var next = map[string]map[string][]choice{
	"smb": {
		"":                {{"ad_click", 0.65}, {"referral", 0.35}},
		"ad_click":        {{"pricing_page", 0.55}, {"ad_click", 0.08}},
		"referral":        {{"pricing_page", 0.8}},
		"pricing_page":    {{"trial_started", 0.45}, {"webinar", 0.1}, {"chat", 0.05}, {"pricing_page", 0.1}},
		"chat":            {{"trial_started", 0.5}},
		"webinar":         {{"trial_started", 0.5}, {"demo_call", 0.15}},
		"trial_started":   {{"quote_sent", 0.4}, {"demo_call", 0.1}},
		"demo_call":       {{"quote_sent", 0.6}},
		"quote_sent":      {{"contract_signed", 0.7}, {"demo_call", 0.05}},
		"contract_signed": {{"onboarding", 0.95}},
		"onboarding":      {{"support_ticket", 0.35}, {"renewal", 0.45}, {"churned", 0.15}},
		"support_ticket":  {{"renewal", 0.55}, {"churned", 0.35}},
		"renewal":         {{"upsell", 0.15}},
	},
	"midmarket": {
		"":                {{"ad_click", 0.5}, {"referral", 0.3}, {"webinar", 0.2}},
		"ad_click":        {{"pricing_page", 0.6}},
		"referral":        {{"pricing_page", 0.6}, {"demo_call", 0.25}},
		"pricing_page":    {{"demo_call", 0.35}, {"trial_started", 0.3}, {"chat", 0.08}},
		"chat":            {{"demo_call", 0.6}},
		"webinar":         {{"pricing_page", 0.4}, {"demo_call", 0.3}},
		"trial_started":   {{"demo_call", 0.3}, {"quote_sent", 0.3}},
		"demo_call":       {{"quote_sent", 0.65}, {"trial_started", 0.1}},
		"quote_sent":      {{"contract_signed", 0.6}, {"demo_call", 0.1}},
		"contract_signed": {{"onboarding", 0.98}},
		"onboarding":      {{"support_ticket", 0.4}, {"renewal", 0.5}, {"churned", 0.07}},
		"support_ticket":  {{"renewal", 0.7}, {"churned", 0.2}},
		"renewal":         {{"upsell", 0.3}},
	},
	"enterprise": {
		"":                {{"referral", 0.6}, {"ad_click", 0.2}, {"webinar", 0.2}},
		"ad_click":        {{"pricing_page", 0.6}},
		"referral":        {{"demo_call", 0.55}, {"pricing_page", 0.35}},
		"pricing_page":    {{"demo_call", 0.5}, {"webinar", 0.2}},
		"webinar":         {{"demo_call", 0.6}},
		"trial_started":   {{"demo_call", 0.5}, {"quote_sent", 0.1}},
		"demo_call":       {{"quote_sent", 0.6}, {"trial_started", 0.15}, {"demo_call", 0.1}},
		"quote_sent":      {{"contract_signed", 0.45}, {"demo_call", 0.25}},
		"contract_signed": {{"onboarding", 1}},
		"onboarding":      {{"support_ticket", 0.6}, {"renewal", 0.35}, {"churned", 0.03}},
		"support_ticket":  {{"renewal", 0.8}, {"churned", 0.1}, {"support_ticket", 0.1}},
		"renewal":         {{"upsell", 0.45}},
	},
}

// channel is where each event happens.
var channel = map[string]string{
	"ad_click": "ads", "referral": "clients", "pricing_page": "site", "webinar": "webinar",
	"chat": "support", "trial_started": "app", "demo_call": "sales", "quote_sent": "sales",
	"contract_signed": "sales", "onboarding": "app", "support_ticket": "support",
	"renewal": "sales", "upsell": "sales", "churned": "email",
}

// pace is the typical hours between events per segment: enterprises move
// slowly.
var pace = map[string]int{"smb": 48, "midmarket": 96, "enterprise": 200}

// value is the contract size per segment, in EUR.
var value = map[string]int{"smb": 1200, "midmarket": 9000, "enterprise": 60000}

func main() {
	rng := rand.New(rand.NewPCG(2026, 11))
	var rows [][]string
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := 1; i <= 3000; i++ {
		seg := "smb"
		switch x := rng.Float64(); {
		case x < 0.2:
			seg = "enterprise"
		case x < 0.45:
			seg = "midmarket"
		}
		t := start.Add(time.Duration(rng.IntN(120*24*60)) * time.Minute)
		ev := ""
		for n := 0; n < 20; n++ {
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
			v := ""
			switch ev {
			case "contract_signed", "renewal":
				v = fmt.Sprint(value[seg] * (80 + rng.IntN(41)) / 100)
			case "upsell":
				v = fmt.Sprint(value[seg] * (20 + rng.IntN(31)) / 100)
			}
			rows = append(rows, []string{fmt.Sprintf("C%05d", i), seg, channel[ev], ev, t.Format("2006-01-02 15:04:05"), v})
			if ev == "churned" {
				break
			}
			gap := time.Duration(1+rng.IntN(2*pace[seg])) * time.Hour
			if ev == "onboarding" {
				gap += time.Duration(rng.IntN(150*24)) * time.Hour // months of use
			}
			t = t.Add(gap + time.Duration(rng.IntN(60))*time.Minute)
		}
	}
	// A CRM exports events in the order they happened, customers mixed.
	slices.SortStableFunc(rows, func(a, b []string) int { return strings.Compare(a[4], b[4]) })
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"customer_id", "segment", "channel", "activity", "timestamp", "value"})
	w.WriteAll(rows)
	var gz bytes.Buffer
	z, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	z.ModTime = time.Time{}
	z.Write(buf.Bytes())
	if err := z.Close(); err != nil || w.Error() != nil {
		fmt.Fprintln(os.Stderr, err, w.Error())
		os.Exit(1)
	}
	if err := os.WriteFile("export.csv.gz", gz.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("export.csv.gz: %d events, %d bytes (%d unpacked)\n", len(rows), gz.Len(), buf.Len())
}
