package report

import (
	"math"
	"strconv"

	"github.com/journeymap/journeymap/journey"
)

// observedRow is one line of what an event log says of the journey: all
// customers, or one persona's.
type observedRow struct {
	Who              string
	Cases, Converted int64
	Rate             string
	Median, P90      string
	HasTime          bool
}

// observedView is what the log the journey was mined from says.
type observedView struct {
	Rows    []observedRow
	HasTime bool // some row has a time to convert
}

// observedOf is what the log the journey was mined from says, or nil.
func observedOf(o *journey.Observed, n *names) *observedView {
	if o == nil {
		return nil
	}
	v := &observedView{Rows: []observedRow{observedLine("All customers", o.Cases, o.Converted, o.ConvertTime)}}
	for _, s := range o.Segments {
		v.Rows = append(v.Rows, observedLine(n.persona(s.Persona), s.Cases, s.Converted, s.ConvertTime))
	}
	for _, r := range v.Rows {
		v.HasTime = v.HasTime || r.Median != ""
	}
	return v
}

func observedLine(who string, cases, converted int64, t *journey.Timing) observedRow {
	r := observedRow{Who: who, Cases: cases, Converted: converted}
	if cases > 0 {
		r.Rate = pct(float64(converted) / float64(cases))
	}
	if t != nil {
		r.Median, r.P90 = duration(t.Median), duration(t.P90)
	}
	return r
}

// duration writes a time in seconds in the largest unit that keeps it at
// least 1: "45 s", "12 min", "5.5 h", "3.2 days".
func duration(sec float64) string {
	if math.IsNaN(sec) || math.IsInf(sec, 0) || sec < 0 {
		return "?"
	}
	for _, u := range []struct {
		size float64
		name string
	}{{86400, " days"}, {3600, " h"}, {60, " min"}} {
		if sec >= u.size {
			v := sec / u.size
			if u.name == " days" && v < 1.05 {
				return "1 day"
			}
			return strconv.FormatFloat(v, 'f', decimals(v), 64) + u.name
		}
	}
	return strconv.FormatFloat(sec, 'f', 0, 64) + " s"
}

// decimals is one decimal below 10, none above.
func decimals(v float64) int {
	if v < 9.95 {
		return 1
	}
	return 0
}
