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
func RunShards(ctx context.Context, e Engine, d Dialect, o Options, lim Limits, tables []Name) (*eventlog.Aggregate, []*Result, error) {
	if len(tables) == 0 {
		return nil, nil, &Error{Code: CodeOption, Message: "no tables to mine"}
	}
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
			aggs[i], results[i], errs[i] = Run(ctx, e, d, oi, lim)
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
