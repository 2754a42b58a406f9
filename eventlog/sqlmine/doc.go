// Package sqlmine pushes the mining of an event log down to the SQL engine
// that holds it, and builds from the engine's small result the same
// eventlog.Aggregate (and so the same journey) that mining the events in
// process builds.
//
// Query writes the aggregation for a Dialect: DuckDB, PostgreSQL,
// BigQuery, ClickHouse (21.9 and later, window functions), ClickHouse18
// (before window functions: arrays per case, which current versions run
// too), Spark SQL and Snowflake. It covers the options of mining in
// process: the columns, the segment (the case's first non-empty one), the
// touchpoint and value columns, the collapse of repeats, the goals and the
// conversion window. Names are quoted and values written as literals of the
// dialect; a NUL byte is refused.
//
// Run executes the query on an Engine (DB wraps a *sql.DB whose driver the
// caller brings; ClickHouseHTTP speaks to any ClickHouse over HTTP) and
// returns the aggregate; Mine also builds the journey. The query is
// cancelled with its context; engine errors come back as *Error with the
// table, the columns and the query; results past Limits are refused with a
// hint. RunShards mines several tables split by case at once and merges
// them.
//
// The order of events. In-process mining orders a case's events by time
// and breaks ties by file order; a table has no order, so the query breaks
// them by the Order column when one is named, then by activity name (byte
// order), segment, touchpoint and value. Both give the same journey when the
// file lists tied events in that order.
//
// Times. eventlog.Durations keeps up to eventlog.ExactDurations values
// exactly and a sketch of log-spaced buckets beyond. The query returns the
// exact times of a group (a pair, or a segment's times to convert) of at
// most that size, and the counts per bucket of a larger group, computed in
// SQL with the same formula; the median and 90th percentile come out as
// they do in process.
package sqlmine
