package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// mineConfig is what "journeymap mine" was asked to do, whatever parsed the
// command line.
type mineConfig struct {
	log      string   // the event log ("-" for standard input)
	more     []string // further logs, mined with log as one (eventlog.MineFiles)
	out      string   // the journey file ("" or "-" for standard output)
	template string   // a designed journey to lay the counts on
	summary  string   // where the summary goes ("" for standard error)
	quiet    bool     // no summary
	format   string   // the log's format, "" to tell from the name
	window   string   // the conversion window, e.g. 30d or 72h
	opts     eventlog.Options
}

// parseWindow reads a window as a Go duration (72h, 90m) or in days (30d).
func parseWindow(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err != nil || n <= 0 || n > 1e5 {
			return 0, fmt.Errorf("--window %q: want a positive number of days (30d) or a duration (72h)", s)
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--window %q: want a positive number of days (30d) or a duration (72h)", s)
	}
	return d, nil
}

// mine mines the log and writes the journey and the summary. It returns
// the exit status: 2 for a log or template with problems.
func (a *app) mine(cfg mineConfig) int {
	stderr := a.stderr
	w, err := parseWindow(cfg.window)
	if err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	cfg.opts.Window = w
	outFormat := journey.YAML
	if strings.HasSuffix(strings.ToLower(cfg.out), ".json") {
		outFormat = journey.JSON
	}
	if cfg.template != "" {
		tmpl, ok := a.loadJourney(cfg.template)
		if !ok {
			return exitInvalid
		}
		cfg.opts.Template = tmpl
	}
	j, sum, err := a.mineLog(cfg)
	if err != nil {
		printLogProblems(stderr, label(cfg.log), err)
		return exitInvalid
	}
	if err := j.Validate(); err != nil {
		// The miner builds valid journeys; a template's own choices (a
		// persona share, say) can still clash with the counts.
		printProblems(stderr, label(cfg.out), err)
		return exitInvalid
	}
	var buf bytes.Buffer
	if err := journey.Write(&buf, j, outFormat); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	if err := a.writeOut(cfg.out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	if err := a.writeSummary(cfg, sum); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// mineLog opens the log (in cfg.format if given) and mines it. A file named
// by the command line is opened by eventlog (Parquet and Excel need random
// access); standard input is read through a.openInput.
func (a *app) mineLog(cfg mineConfig) (*journey.Journey, *eventlog.Summary, error) {
	if len(cfg.more) > 0 {
		return eventlog.MineFiles(append([]string{cfg.log}, cfg.more...), cfg.opts)
	}
	if cfg.format == "" && cfg.log != stdinName {
		return eventlog.MineFile(cfg.log, cfg.opts)
	}
	f := eventlog.Format(cfg.format)
	src, err := a.openInput(cfg.log)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, eventlog.Problems{{File: label(cfg.log), Code: eventlog.CodeReadError, Message: err.Error()}}
	}
	defer src.Close()
	ro := cfg.opts.Read
	ro.File = label(cfg.log)
	r, f, err := eventlog.NewReader(src, f, ro)
	if err != nil {
		return nil, nil, err
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	cfg.opts.Read = ro
	j, sum, err := eventlog.Mine(r, cfg.opts)
	if err == nil {
		sum.Read.Format = f
	}
	return j, sum, err
}

// writeSummary writes the summary to standard error, or to cfg.summary (as
// JSON when it ends in .json; "-" is standard output).
func (a *app) writeSummary(cfg mineConfig, sum *eventlog.Summary) error {
	stderr := a.stderr
	if cfg.quiet && cfg.summary == "" {
		return nil
	}
	var buf bytes.Buffer
	if strings.HasSuffix(strings.ToLower(cfg.summary), ".json") {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else if err := sum.WriteText(&buf); err != nil {
		return err
	}
	if cfg.summary == "" {
		_, err := stderr.Write(buf.Bytes())
		return err
	}
	return a.writeOut(cfg.summary, buf.Bytes())
}

// writeOut writes data to path ("-" or "" for standard output), as
// a.writeOutput does.
func (a *app) writeOut(path string, data []byte) error { return a.writeOutput(path, data) }
