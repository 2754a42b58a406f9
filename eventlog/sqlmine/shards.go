package sqlmine

import (
	"context"
	"runtime"
	"sync"

	"github.com/journeymap/journeymap/eventlog"
)

// RunShards runs the mining query over each table (a partition, a day, a
// shard's local table) at once, up to GOMAXPROCS at a time, and merges the
// aggregates: the counts add up exactly and the times merge as
// eventlog.Durations do, so the result is the aggregate of all the tables
// together, in any order. The tables must split the log by case: a case
// whose events sit in two tables is counted as two cases. (An engine's own
// distribution, such as a ClickHouse Distributed table, has no such
// limit: query it as one table.)
//
// With no goal named, the activity most cases of all the tables end at is
// the goal, as in Run (a second pass over every table).
func RunShards(ctx context.Context, e Engine, d Dialect, o Options, lim Limits, tables []Name) (*eventlog.Aggregate, []*Result, error) {
	if len(tables) == 0 {
		return nil, nil, &Error{Code: CodeOption, Message: "no tables to mine"}
	}
	// Columns left empty are looked up in the first table.
	o.Table = tables[0]
	if err := o.check(d); err != nil {
		return nil, nil, err
	}
	o, err := pickColumns(ctx, e, d, o)
	if err != nil {
		return nil, nil, err
	}
	agg, res, err := runShards(ctx, e, d, o, lim, tables)
	if err != nil || len(o.Goals) > 0 {
		return agg, res, err
	}
	g := mostFrequentEnd(agg.Total())
	if g == "" {
		return agg, res, nil
	}
	o.Goals = []string{g}
	agg, res, err = runShards(ctx, e, d, o, lim, tables)
	for _, r := range res {
		if r != nil {
			r.ChosenGoal = g
		}
	}
	return agg, res, err
}

func runShards(ctx context.Context, e Engine, d Dialect, o Options, lim Limits, tables []Name) (*eventlog.Aggregate, []*Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	aggs := make([]*eventlog.Aggregate, len(tables))
	results := make([]*Result, len(tables))
	errs := make([]error, len(tables))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, t := range tables {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			oi := o
			oi.Table = t
			aggs[i], results[i], errs[i] = run(ctx, e, d, oi, lim, false)
			if errs[i] != nil {
				cancel() // the others need not finish
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !isCancelled(err) {
			return nil, results, err
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, results, err
		}
	}
	total := eventlog.NewAggregate(o.Goals...)
	for _, a := range aggs {
		if err := total.Merge(a); err != nil {
			return nil, results, &Error{Code: CodeResult, Message: "merging shards", Err: err}
		}
	}
	return total, results, nil
}

func isCancelled(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Code == CodeCancelled
}
