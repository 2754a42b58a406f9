package eventlog

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/journeymap/journeymap/journey"
)

// Options configure mining. The zero value reads the default columns,
// keeps every event, activity and pair, stops at the first 100 problems and
// refuses more than 10,000 distinct activities.
type Options struct {
	// Read configures the readers MineFile opens (columns, delimiter).
	Read ReadOptions
	// Goals are the target activities: a case converts when it reaches one.
	// With a Template and no Goals, the template's goals are used.
	Goals []string
	// Exits are intended ends that are not the goal (unsubscribe).
	Exits []string
	// Template lays the counts on a designed journey (see BuildOptions).
	Template *journey.Journey
	// MinCount drops activities with fewer events and pairs with fewer moves.
	MinCount int64
	// TopSuccessors keeps the N most frequent pairs from each step.
	TopSuccessors int
	// Collapse merges repeated consecutive events of one activity in a case
	// into the first of them (page reloads, double clicks). Off by default,
	// so that counts are pm4py's directly-follows counts.
	Collapse bool
	// Window, when positive, is the conversion window: only the events
	// within Window of a case's first event count, and a case converts
	// only if it reaches a goal within it. Later events are counted in
	// ReadStats.OutsideWindow.
	Window time.Duration
	// SkipBadRows leaves out rows with problems (counted per code in
	// ReadStats.Skipped) instead of failing.
	SkipBadRows bool
	// MaxProblems caps the problems reported at once (default 100).
	MaxProblems int
	// MaxRows and MaxCases limit the rows and the cases read; 0 means no
	// limit.
	MaxRows, MaxCases int64
	// MaxActivities limits the distinct activities (default 10,000): a
	// column with more looks like an ID, not an activity.
	MaxActivities int
	// ID and Name are passed on to BuildOptions: they name the journey.
	ID, Name string
	// TopVariants is passed on to BuildOptions: how many variants the
	// Summary lists (0: 10).
	TopVariants int
}

// DefaultMaxActivities is the default limit on distinct activities.
const DefaultMaxActivities = 10000

// DefaultMaxProblems is the default cap on problems reported at once.
const DefaultMaxProblems = 100

// ReadStats says how a log was read.
type ReadStats struct {
	// File is the log's name.
	File string `json:"file,omitempty"`
	// Format is the format read (csv, jsonl, xes, parquet, xlsx).
	Format Format `json:"format,omitempty"`
	// Columns are the column names used for each role.
	Columns Columns `json:"columns"`
	// TimeFormat names the time format detected.
	TimeFormat string `json:"time_format,omitempty"`
	// Rows counts the rows read, good or bad.
	Rows int64 `json:"rows"`
	// Events counts the events read from good rows, before Collapse and
	// Window leave any out (Collapsed and OutsideWindow count those).
	Events int64 `json:"events"`
	// Skipped counts the rows left out with SkipBadRows, per problem code.
	Skipped []SkipCount `json:"skipped,omitempty"`
	// Collapsed counts events merged into the one before (Collapse).
	Collapsed int64 `json:"collapsed,omitempty"`
	// OutsideWindow counts events after their case's conversion window.
	OutsideWindow int64 `json:"outside_window,omitempty"`
	// ChosenGoal is the goal taken when none was given: the activity most
	// cases end at.
	ChosenGoal string `json:"chosen_goal,omitempty"`
}

// SkipCount is how many rows were skipped for one kind of problem, with the
// first such problem as an example.
type SkipCount struct {
	// Code is the row problem's code (CodeBadTime, ...).
	Code string `json:"code"`
	// Rows counts the rows skipped for that problem.
	Rows int64 `json:"rows"`
	// First is the first such problem, as an example.
	First Problem `json:"first"`
}

// Mine reads every event of r and returns the journey they describe, with a
// Summary. The error is a Problems value listing every problem of the log
// (up to MaxProblems) when any row is bad and SkipBadRows is off, or when
// the log cannot be read.
func Mine(r Reader, opts Options) (*journey.Journey, *Summary, error) {
	agg, stats, err := ReadAggregate(r, opts)
	if err != nil {
		return nil, nil, err
	}
	return buildMined(agg, stats, opts)
}

// MineFile opens the log at path (see OpenFile) and mines it.
func MineFile(path string, opts Options) (*journey.Journey, *Summary, error) {
	agg, stats, err := readOneFile(path, opts)
	if err != nil {
		return nil, nil, err
	}
	return buildMined(agg, stats, opts)
}

func buildMined(agg *Aggregate, stats *ReadStats, opts Options) (*journey.Journey, *Summary, error) {
	j, sum, err := agg.Journey(BuildOptions{ID: opts.ID, Name: opts.Name, Goals: opts.Goals, Exits: opts.Exits,
		MinCount: opts.MinCount, TopSuccessors: opts.TopSuccessors, Template: opts.Template, TopVariants: opts.TopVariants})
	if err != nil {
		return nil, nil, withFile(asProblems(err), stats.File)
	}
	sum.Read = stats
	if stats.ChosenGoal != "" {
		sum.ChosenGoal = stats.ChosenGoal
	}
	return j, sum, nil
}

// goals returns the goals to count conversions against.
func (o Options) goals() []string { return CountedGoals(o.Goals, o.Template) }

// CountedGoals returns the goals conversions are counted against when
// mining with the goals asked for and a template (nil: none): without a
// template, the goals; with one, its goals and those of goals that are steps
// of it, so that the journey's goals and its conversion figures agree (the
// others are reported in Summary.Unmatched.Goals).
func CountedGoals(goals []string, tmpl *journey.Journey) []string {
	if tmpl == nil {
		return goals
	}
	out := slices.Clone(tmpl.Goals)
	for _, g := range goals {
		if !slices.Contains(out, g) && slices.ContainsFunc(tmpl.Steps, func(s journey.Step) bool { return s.ID == g }) {
			out = append(out, g)
		}
	}
	return out
}

// ReadAggregate reads every event of r into an Aggregate, the figures
// Journey builds a journey from.
//
// With GOMAXPROCS of 2 or more it uses two goroutines: a CSV log is decoded
// a batch of rows ahead of collecting them, and the aggregation adds up the
// moves along pairs apart from the other figures. The figures are the same
// whatever the number of cores (each is added up by one goroutine, in the
// order of the cases). Memory grows by about 15 bytes an event and 35 a
// case while reading (see BENCHMARKS.md, "Mining event logs"); once read,
// the case IDs are let go, and with 65,536 cases or more collected at once
// (runtime.GC) so that the aggregation reuses their memory.
func ReadAggregate(r Reader, opts Options) (*Aggregate, *ReadStats, error) {
	c := newCollector(opts)
	if d, ok := r.(Described); ok {
		// Known before reading for the readers that read a header first,
		// so that row problems can name their column.
		c.stats.Columns = d.Columns()
	}
	if err := c.readAll(r); err != nil {
		return nil, nil, err
	}
	if d, ok := r.(Described); ok {
		c.stats.Columns = d.Columns()
		c.stats.TimeFormat = d.TimeFormat()
	}
	if c.n() == 0 {
		return nil, nil, Problems{{File: c.file, Code: CodeEmptyLog, Message: "the log has no events"}}
	}
	c.dropCases()
	if len(opts.goals()) == 0 {
		// No goal named: the activity most cases end at is the goal, so
		// that the journey has one; the summary says so.
		if g := c.mostFrequentEnd(); g != "" {
			c.opts.Goals = []string{g}
			c.stats.ChosenGoal = g
		}
	}
	return c.aggregate(), &c.stats, nil
}

// mostFrequentEnd returns the activity most cases end at (ties by name),
// as mostFrequentEnd of the aggregate's total would. Without a window, the
// collector counted the last events of the cases in time order as it read
// them; only the cases that went back in time are gathered and ordered
// here. With a window, which can cut a case's end, every case is.
func (c *collector) mostFrequentEnd() string {
	ends := c.endCounts()
	best, n := "", int64(0)
	for k, m := range ends {
		if a := c.actNames[k]; m > n || (m == n && m > 0 && a < best) {
			best, n = a, m
		}
	}
	return best
}

// endCounts counts, by activity, the cases whose last kept event it is.
func (c *collector) endCounts() []int64 {
	if c.opts.Window > 0 {
		return c.lastKept()
	}
	ends := slices.Clone(c.ends)
	w, b := &walker{c: c}, new(caseBlock)
	cases := make([]caseInfo, 0, min(len(c.disordered), blockCases))
	for i := 0; i < len(c.disordered); i += blockCases {
		cases = cases[:0]
		for _, k := range c.disordered[i:min(i+blockCases, len(c.disordered))] {
			cases = append(cases, c.cinfo.at(k))
		}
		c.fillCases(w, b, cases)
		c.countLast(w, b, ends)
	}
	return ends
}

// lastKept counts, by activity, the cases whose last kept event (see kept)
// it is, gathering and ordering every case.
func (c *collector) lastKept() []int64 {
	// With more than one core, two goroutines take every other block of
	// cases; the counts add up the same either way.
	parts := 1
	if runtime.GOMAXPROCS(0) >= 2 && c.cinfo.n >= 2*blockCases {
		parts = 2
	}
	counts := make([][]int64, parts)
	var wg sync.WaitGroup
	for part := range parts {
		counts[part] = make([]int64, len(c.actNames))
		wg.Go(func() {
			w, b := &walker{c: c}, new(caseBlock)
			for start := part * blockCases; start < c.cinfo.n; start += parts * blockCases {
				c.fillBlock(w, b, start)
				c.countLast(w, b, counts[part])
			}
		})
	}
	wg.Wait()
	ends := counts[0]
	for _, more := range counts[1:] {
		for k, m := range more {
			ends[k] += m
		}
	}
	return ends
}

// countLast adds the last kept event of each case of b to ends.
func (c *collector) countLast(w *walker, b *caseBlock, ends []int64) {
	for i := range b.n {
		cb := &b.bufs[i]
		w.seq, _, _ = kept(&c.opts, cb.act, cb.tim, w.seq[:0])
		ends[cb.act[w.seq[len(w.seq)-1]]]++
	}
}

// mostFrequentEnd returns the activity most cases end at (ties by name).
func mostFrequentEnd(s *SegmentStats) string {
	best, n := "", int64(0)
	for a, k := range s.Ends {
		if k > n || (k == n && a < best) {
			best, n = a, k
		}
	}
	return best
}

// readAll reads the events, collecting problems.
func (c *collector) readAll(r Reader) error {
	var ps Problems
	skipped := map[string]int{}
	maxP := c.opts.MaxProblems
	if maxP <= 0 {
		maxP = DefaultMaxProblems
	}
	raw, _ := r.(rawReader)
	if raw != nil {
		var stop func()
		raw, stop = prefetch(raw, c.file)
		defer stop()
	}
	for {
		var e Event
		var err error
		if raw != nil {
			err = raw.readRaw(&c.raw)
			e.Row = c.raw.row
		} else {
			e, err = r.Read()
		}
		if err == io.EOF {
			break
		}
		var p *Problem
		if err != nil {
			var all Problems
			if errors.As(err, &all) {
				return append(ps, withFile(all, c.file)...)
			}
			if p = asProblem(err, c.file); !p.IsRow() {
				return append(ps, *p)
			}
		}
		c.stats.Rows++
		if c.opts.MaxRows > 0 && c.stats.Rows > c.opts.MaxRows {
			return append(ps, Problem{File: c.file, Row: e.Row, Code: CodeTooManyRows,
				Message: fmt.Sprintf("the log has more than %d rows (the limit)", c.opts.MaxRows)})
		}
		if p == nil {
			if raw != nil {
				err = c.addRaw(&c.raw)
			} else {
				err = c.add(e)
			}
			if err == nil {
				continue
			} else if p = asProblem(err, c.file); !p.IsRow() {
				return append(ps, *p)
			}
		}
		if c.opts.SkipBadRows {
			if k, ok := skipped[p.Code]; ok {
				c.stats.Skipped[k].Rows++
			} else {
				skipped[p.Code] = len(c.stats.Skipped)
				c.stats.Skipped = append(c.stats.Skipped, SkipCount{Code: p.Code, Rows: 1, First: *p})
			}
			continue
		}
		if len(ps) == maxP {
			return append(ps, Problem{File: c.file, Code: CodeTooManyProblems,
				Message: fmt.Sprintf("more than %d problems: the rest are not listed", maxP)})
		}
		ps = append(ps, *p)
	}
	return ps.Err()
}

// asProblems returns err as Problems.
func asProblems(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return Problems{{Code: CodeEmptyLog, Message: err.Error()}}
}

// withFile sets the file of the problems that lack one.
func withFile(ps Problems, file string) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		if p.File == "" {
			p.File = file
		}
		out[i] = p
	}
	return out
}

// asProblem returns err as a Problem in file.
func asProblem(err error, file string) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		q := *p
		if q.File == "" {
			q.File = file
		}
		return &q
	}
	var ps Problems
	if errors.As(err, &ps) && len(ps) > 0 {
		q := ps[0]
		if q.File == "" {
			q.File = file
		}
		return &q
	}
	return &Problem{File: file, Code: CodeReadError, Message: err.Error()}
}
