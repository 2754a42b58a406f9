// Command crm learns a customer journey from a CRM export with the eventlog
// package and lays it on the journey the team designed.
//
// The export (export.csv.gz, made by gen.go) has one row per event of a
// customer: customer_id, segment, channel, activity, timestamp and value,
// for 3,000 customers of a software company in three segments, from the
// first touch to the contract and on to onboarding, support, renewal and
// churn. The design (crm.yaml) has the stages, touchpoints, emotions and
// barriers a workshop agreed on.
//
// Usage:
//
//	go run ./examples/crm [-log FILE] [-o journey.yaml]
//
// It prints what the export says (conversion and time to convert per
// segment, the most common paths) and what the design misses, and with -o
// writes the designed journey with the observed counts on it, which the
// journeymap command reads (analyze, render). The same from the command
// line:
//
//	journeymap mine examples/crm/export.csv.gz --case customer_id --template examples/crm/crm.yaml -o crm.yaml
package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

var (
	//go:embed export.csv.gz
	exportGz []byte
	//go:embed crm.yaml
	designYAML []byte
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("crm", flag.ContinueOnError)
	fs.SetOutput(w)
	file := fs.String("log", "", "the CRM export to mine (default: the bundled export.csv.gz)")
	out := fs.String("o", "", "write the journey with the observed counts to this YAML file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	j, sum, err := mine(*file)
	if err != nil {
		return err
	}
	if err := j.Validate(); err != nil {
		return err
	}
	if *out != "" {
		var buf bytes.Buffer
		if err := journey.Write(&buf, j, journey.YAML); err != nil {
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%d customers, %d signed\n\n", sum.Cases, sum.Converted)
	fmt.Fprintf(w, "%-12s %9s %9s %12s %10s %10s\n", "SEGMENT", "CUSTOMERS", "SIGNED", "REVENUE", "DAYS p50", "DAYS p90")
	for _, s := range sum.Segments {
		var p50, p90 float64
		if s.ConvertTime != nil {
			p50, p90 = s.ConvertTime.Median/86400, s.ConvertTime.P90/86400
		}
		fmt.Fprintf(w, "%-12s %9d %8.1f%% %12.0f %10.1f %10.1f\n", s.Persona, s.Cases,
			100*float64(s.Converted)/float64(s.Cases), s.Value, p50, p90)
	}
	fmt.Fprintln(w)
	return sum.WriteText(w)
}

// mine reads the export (the bundled one when file is "") and lays it on
// the design: the goals and exits are the design's, the segments its
// personas, the channels its touchpoints.
func mine(file string) (*journey.Journey, *eventlog.Summary, error) {
	design, err := journey.ReadBytes(designYAML)
	if err != nil {
		return nil, nil, err
	}
	opts := eventlog.Options{
		Read:     eventlog.ReadOptions{Columns: eventlog.Columns{Case: "customer_id"}},
		Template: design,
		Exits:    design.Exits,
	}
	if file != "" {
		return eventlog.MineFile(file, opts)
	}
	opts.Read.File = "export.csv.gz"
	r, _, err := eventlog.NewReader(bytes.NewReader(exportGz), eventlog.CSV, opts.Read)
	if err != nil {
		return nil, nil, err
	}
	return eventlog.Mine(r, opts)
}
