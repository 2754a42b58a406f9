package eventlog

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
)

// designed is a small journey with two personas whose paths differ.
func designed() *journey.Journey {
	return &journey.Journey{
		ID:       "sofa",
		Personas: []persona.Persona{{ID: "families"}, {ID: "corporate"}},
		Stages:   []journey.Stage{{ID: "search"}, {ID: "choose"}, {ID: "buy"}, {ID: "after"}},
		Steps: []journey.Step{
			{ID: "ad", Stage: "search"}, {ID: "site", Stage: "choose"}, {ID: "store", Stage: "choose", Personas: []string{"families"}},
			{ID: "buy", Stage: "buy"}, {ID: "delivery", Stage: "after"}, {ID: "review", Stage: "after"},
		},
		Transitions: []journey.Transition{
			{From: "ad", To: "site", Probability: 0.7},
			{From: "ad", To: "store", Personas: []string{"families"}, Probability: 0.2},
			{From: "site", To: "store", Personas: []string{"families"}, Probability: 0.3},
			{From: "site", To: "buy", Probability: 0.4},
			{From: "site", To: "site", Probability: 0.1},
			{From: "store", To: "buy", Probability: 0.6},
			{From: "buy", To: "delivery", Probability: 0.95},
			{From: "delivery", To: "review", Probability: 0.3},
		},
		Entries: []string{"ad"},
		Goals:   []string{"buy"},
	}
}

// simulate walks customers through j by its probabilities and writes the
// log, counting as it goes what mining must find.
func simulate(j *journey.Journey, n int, r *rand.Rand) (log []byte, pairs map[string]map[Pair]int64, visits map[string]map[string]int64, cases map[string]int64) {
	pairs, visits, cases = map[string]map[Pair]int64{}, map[string]map[string]int64{}, map[string]int64{}
	type row struct {
		c, a, seg string
		t         time.Time
	}
	var rows []row
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for c := 0; c < n; c++ {
		p := j.Personas[r.IntN(len(j.Personas))].ID
		if pairs[p] == nil {
			pairs[p], visits[p] = map[Pair]int64{}, map[string]int64{}
		}
		cases[p]++
		at := j.Entries[0]
		t := base.Add(time.Duration(r.IntN(1000)) * time.Hour)
		for steps := 0; ; steps++ {
			rows = append(rows, row{fmt.Sprintf("cust-%04d", c), at, p, t})
			visits[p][at]++
			next := ""
			u := r.Float64()
			for _, tr := range j.Transitions {
				if tr.From != at || !tr.AppliesTo(p) {
					continue
				}
				if u < tr.Probability {
					next = tr.To
					break
				}
				u -= tr.Probability
			}
			if next == "" || steps > 20 {
				break
			}
			pairs[p][Pair{at, next}]++
			at = next
			t = t.Add(time.Duration(1+r.IntN(72)) * time.Hour)
		}
	}
	r.Shuffle(len(rows), func(i, k int) { rows[i], rows[k] = rows[k], rows[i] })
	var b bytes.Buffer
	b.WriteString("customer;segment;event;at\n")
	for _, w := range rows {
		fmt.Fprintf(&b, "%s;%s;%s;%s\n", w.c, w.seg, w.a, w.t.Format(time.RFC3339))
	}
	return b.Bytes(), pairs, visits, cases
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	d := designed()
	log, pairs, visits, cases := simulate(d, 3000, r)
	cr, err := NewCSVReader(bytes.NewReader(log), ReadOptions{Columns: Columns{Case: "customer", Activity: "event", Time: "at"}})
	if err != nil {
		t.Fatal(err)
	}
	j, sum, err := Mine(cr, Options{Goals: []string{"buy"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	checkPersonaCounts(t, j, pairs, visits, cases)
	if sum.Unmatched != nil {
		t.Fatalf("no template, yet unmatched %+v", sum.Unmatched)
	}
	// The same log on the designed journey: its transitions carry the counts.
	cr, _ = NewCSVReader(bytes.NewReader(log), ReadOptions{Columns: Columns{Case: "customer", Activity: "event", Time: "at"}})
	jt, sum, err := Mine(cr, Options{Template: d})
	if err != nil {
		t.Fatal(err)
	}
	if err := jt.Validate(); err != nil {
		t.Fatal(err)
	}
	checkPersonaCounts(t, jt, pairs, visits, cases)
	if !sum.Unmatched.Empty() {
		t.Fatalf("unmatched %+v", sum.Unmatched)
	}
	if len(jt.Stages) != len(d.Stages) || jt.Steps[2].Personas[0] != "families" {
		t.Fatal("the template's stages and step personas are not kept")
	}
}

func checkPersonaCounts(t *testing.T, j *journey.Journey, pairs map[string]map[Pair]int64, visits map[string]map[string]int64, cases map[string]int64) {
	t.Helper()
	got := map[string]map[Pair]int64{}
	for _, tr := range j.Transitions {
		if len(tr.Personas) != 1 {
			t.Fatalf("transition %s -> %s names %v, want one persona", tr.From, tr.To, tr.Personas)
		}
		p := tr.Personas[0]
		if got[p] == nil {
			got[p] = map[Pair]int64{}
		}
		got[p][Pair{tr.From, tr.To}] += tr.Count
	}
	for p := range pairs {
		for k, n := range pairs[p] {
			if got[p][k] != n {
				t.Errorf("persona %s, %s -> %s: mined %d, walked %d", p, k.From, k.To, got[p][k], n)
			}
		}
		if len(got[p]) != len(pairs[p]) {
			t.Errorf("persona %s: %d pairs mined, %d walked", p, len(got[p]), len(pairs[p]))
		}
	}
	var total int64
	for _, n := range cases {
		total += n
	}
	for _, s := range j.Steps {
		var sum int64
		for p, n := range visits {
			if s.Counts[p] != n[s.ID] {
				t.Errorf("step %s persona %s: mined %d, walked %d", s.ID, p, s.Counts[p], n[s.ID])
			}
			sum += n[s.ID]
		}
		if s.Count != sum {
			t.Errorf("step %s: count %d, walked %d", s.ID, s.Count, sum)
		}
	}
	for _, p := range j.Personas {
		if want := float64(cases[p.ID]) / float64(total); p.Share != want {
			t.Errorf("persona %s: share %v, want %v", p.ID, p.Share, want)
		}
	}
	var segs []string
	for _, s := range j.Observed.Segments {
		segs = append(segs, s.Persona)
		if s.Cases != cases[s.Persona] {
			t.Errorf("observed %s: %d cases, want %d", s.Persona, s.Cases, cases[s.Persona])
		}
	}
	if !slices.Equal(segs, []string{"corporate", "families"}) {
		t.Errorf("observed segments %v", segs)
	}
}
