package eventlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzConform checks any CSV log against the running example's design:
// nothing may panic, a bad log is Problems, and the figures hold together
// (allowed moves within the moves, fitting cases within the cases, the
// personas' and the unmodelled figures within the totals), and the JSON
// has no NaN.
func FuzzConform(f *testing.F) {
	f.Add([]byte("case_id,activity,timestamp\n1,register request,2024-01-01T00:00:00Z\n1,decide,2024-01-01T00:00:01Z\n"))
	f.Add([]byte("case_id,activity,timestamp,segment,channel\n1,a,1,x, \n1,a,1,,web\n2,pay compensation,0,x,\n"))
	f.Add([]byte("case_id;activity;timestamp\n\"1\";\"examine casually\";2024-01-01\n"))
	j := runningDesign()
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewCSVReader(bytes.NewReader(data), ReadOptions{File: "f.csv"})
		if err != nil {
			return
		}
		c, err := Conform(j, r, Options{SkipBadRows: len(data)%2 == 0, MaxActivities: 50})
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 || ps[0].Code == "" {
				t.Fatalf("error %v (%T) is not Problems", err, err)
			}
			return
		}
		if c.Cases <= 0 || c.AllowedMoves > c.Moves || c.FittingCases > c.Cases || c.Moves < c.Cases || c.Fitness < 0 || c.Fitness > 1 {
			t.Fatalf("figures do not hold together: %+v", c)
		}
		var pc, un int64
		for _, p := range c.Personas {
			pc += p.Cases
		}
		for _, s := range c.UnmatchedSegments {
			pc += s.Cases
		}
		for _, m := range c.UnmodelledTransitions {
			un += m.Count
		}
		for _, a := range c.WrongStarts {
			un += a.Count
		}
		if pc > c.Cases || un != c.Moves-c.AllowedMoves {
			t.Fatalf("personas' cases %d of %d, unmodelled %d of %d moves not allowed", pc, c.Cases, un, c.Moves-c.AllowedMoves)
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if c.WriteText(&b) != nil || c.WriteMarkdown(&b) != nil {
			t.Fatal("a writer failed")
		}
	})
}
