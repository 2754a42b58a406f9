package report_test

import "github.com/journeymap/journeymap/analysis"

// This file is the tests' one place that reads the flow figures of an
// analysis.Report, as adapt.go is the package's.

// flowFigures are the conversion and the flow by stage of rep; ok is false
// where the journey has no numbers.
func flowFigures(rep *analysis.Report) (conversion float64, stages []analysis.StageFlow, ok bool) {
	if rep.Conversion == nil {
		return 0, nil, false
	}
	return rep.Conversion.Rate, rep.Conversion.Stages, true
}

// credit is a touchpoint's share of the conversions.
type credit struct {
	id    string
	share float64
}

// touchpointCredits is the attribution by touchpoint of rep (none yet).
func touchpointCredits(*analysis.Report) []credit { return nil }
