package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/journeymap/journeymap/eventlog"
	"github.com/journeymap/journeymap/journey"
)

// mineConfig is what "journeymap mine" was asked to do, whatever parsed the
// command line.
type mineConfig struct {
	log      string // the event log ("-" for standard input)
	out      string // the journey file ("" or "-" for standard output)
	template string // a designed journey to lay the counts on
	summary  string // where the summary goes ("" for standard error)
	quiet    bool   // no summary
	format   string // the log's format, "" to tell from the name
	window   string // the conversion window, e.g. 30d or 72h
	opts     eventlog.Options
}

// mineUsage is the one-line usage of mine.
const mineUsage = "mine LOG [--goal ACT]... [--exit ACT]... [--template JOURNEY] [--min-count N] [--top N] [--collapse] [--window D] [--skip-bad-rows] [--case C --activity A --time T --segment S --touchpoint P --value V] [-o OUT.yaml|.json] [--summary FILE]"

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

// runMineConfig mines the log and writes the journey and the summary. It
// returns the exit status: 2 for a log or template with problems.
func runMineConfig(cfg mineConfig, stdout, stderr io.Writer) int {
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
		tmpl, ok := loadJourney(cfg.template, stderr)
		if !ok {
			return exitInvalid
		}
		cfg.opts.Template = tmpl
	}
	j, sum, err := mineLog(cfg)
	if err != nil {
		printLogProblems(stderr, cfg.log, err)
		return exitInvalid
	}
	if err := j.Validate(); err != nil {
		// The miner builds valid journeys; a template's own choices (a
		// persona share, say) can still clash with the counts.
		printProblems(stderr, cfg.out, err)
		return exitInvalid
	}
	var buf bytes.Buffer
	if err := journey.Write(&buf, j, outFormat); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	if cfg.out == "" || cfg.out == "-" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
			return exitInvalid
		}
	} else if err := writeOut(cfg.out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	if err := writeSummary(cfg, sum, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "journeymap mine: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// mineLog opens the log (in cfg.format if given) and mines it.
func mineLog(cfg mineConfig) (*journey.Journey, *eventlog.Summary, error) {
	if cfg.format == "" {
		return eventlog.MineFile(cfg.log, cfg.opts)
	}
	f := eventlog.Format(strings.ToLower(cfg.format))
	var src io.Reader = os.Stdin
	if cfg.log != "-" {
		file, err := os.Open(cfg.log)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, nil, eventlog.Problems{{File: cfg.log, Code: eventlog.CodeReadError, Message: err.Error()}}
		}
		defer file.Close()
		src = file
	}
	ro := cfg.opts.Read
	ro.File = cfg.log
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

// printLogProblems prints the problems of a log one a line.
func printLogProblems(w io.Writer, file string, err error) {
	var ps eventlog.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			if p.File == "" {
				p.File = file
			}
			fmt.Fprintln(w, p.Error())
		}
		return
	}
	fmt.Fprintf(w, "%s: read-error: %v\n", file, err)
}

// writeSummary writes the summary to standard error, or to cfg.summary (as
// JSON when it ends in .json; "-" is standard output).
func writeSummary(cfg mineConfig, sum *eventlog.Summary, stdout, stderr io.Writer) error {
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
	switch cfg.summary {
	case "":
		_, err := stderr.Write(buf.Bytes())
		return err
	case "-":
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	return writeOut(cfg.summary, buf.Bytes())
}

// writeOut writes data to path: atomically (a temporary file renamed) for a
// regular file, directly for anything else, such as /dev/null or a named
// pipe, which a rename would replace.
func writeOut(path string, data []byte) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return writeFileAtomic(path, data)
}
