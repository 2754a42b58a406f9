package report_test

import "github.com/journeymap/journeymap/analysis"

// This file is the tests' one place that reads the flow figures of an
// analysis.Report, as adapt.go is the package's.

// flowFigures are the conversion and the flow by stage of rep; ok is false
// where the journey has no numbers.
func flowFigures(rep *analysis.Report) (conversion float64, stages []analysis.StageFlow, ok bool) {
	if rep.Flow == nil {
		return 0, nil, false
	}
	return rep.Flow.Conversion, rep.Flow.Stages, true
}

// credit is a touchpoint's share of the conversions.
type credit struct {
	id    string
	share float64
}

// touchpointCredits is the attribution by touchpoint of rep.
func touchpointCredits(rep *analysis.Report) []credit {
	if rep.Attribution == nil {
		return nil
	}
	var out []credit
	for _, c := range rep.Attribution.Touchpoints {
		out = append(out, credit{c.Touchpoint, c.Share})
	}
	return out
}
