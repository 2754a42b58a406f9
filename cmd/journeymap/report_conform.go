package main

import (
	"encoding/json"
	"fmt"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/report"
)

// conformance is the conformance of the event log LOG to j, read as
// conform reads it (the log flags), in the form the report shows, and the
// exit status. report.Conformance has the JSON keys of "journeymap
// conform", so the result goes through its JSON: neither package needs
// the other.
func (a *app) conformance(j *journey.Journey, log string, l *logFlags) (*report.Conformance, int) {
	res, err := a.conformLog(j, log, l)
	if err != nil {
		printLogProblems(a.stderr, label(log), err)
		return nil, exitInvalid
	}
	b, err := json.Marshal(res)
	var c report.Conformance
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "journeymap report: %v\n", err)
		return nil, exitInvalid
	}
	c.Log = label(log)
	return &c, exitOK
}
