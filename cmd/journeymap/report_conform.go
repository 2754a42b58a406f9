package main

import (
	"context"
	"fmt"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/report"
)

// conformance is the hook of "report --log": the conformance of the event
// log LOG to j, in the form the report shows (report.Conformance has the
// JSON keys of "journeymap conform"), and the exit status.
//
// The conformance of a log (eventlog.Conform) is not in this build yet, so
// --log is refused with a message; once it is, this function reads LOG with
// the event-log flags of conform and converts its result.
func (a *app) conformance(_ context.Context, _ *journey.Journey, log string) (*report.Conformance, int) {
	fmt.Fprintf(a.stderr, "journeymap report: --log %s: the conformance of an event log is not available in this build of journeymap yet\n", label(log))
	return nil, exitInvalid
}
