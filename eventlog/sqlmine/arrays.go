package sqlmine

import (
	"strings"
)

// arrays writes the query for ClickHouse without window functions: each
// case's events gathered with groupArray into tuples, sorted with
// arraySort (tuples compare element by element: time, order, activity,
// segment), filtered for the window and repeats with arrayFilter, then every
// row of the result emitted as a tuple and unfolded with ARRAY JOIN, so that
// the table is read once. On a Distributed table the per-case groupArray
// states of every shard are merged before the arrays are walked.
func (q *querier) arrays() string {
	var b strings.Builder
	q.header(&b)
	// The event tuple: 1 time, 2 activity, 3 segment, 4 touchpoint,
	// 5 value, 6 order; sorted by (time, order, activity, segment,
	// touchpoint, value).
	seg, tp, val, ord := "''", "''", "toFloat64(0)", "0"
	if q.seg != "" {
		seg = "ifNull(" + q.str(q.seg) + ", '')"
	}
	if q.tp != "" {
		tp = "ifNull(" + q.str(q.tp) + ", '')"
	}
	if q.val != "" {
		val = "ifNull(toFloat64(" + q.val + "), 0)"
	}
	if q.o2 != "" {
		ord = q.o2
	}
	// (jm_ names: a ClickHouse alias would shadow a column of its name.)
	inner := "SELECT " + q.str(q.cs) + " AS jm_c,\n" +
		"          arraySort(e -> (e.1, e.6, e.2, e.3, e.4, e.5), groupArray((" + q.micros() + ", " + q.str(q.act) + ", " + seg + ", " + tp + ", " + val + ", " + ord + "))) AS jm_e0\n" +
		"        FROM " + q.table + "\n" +
		"        WHERE " + q.notNull() + "\n" +
		"        GROUP BY jm_c"
	var keep []string
	if q.o.Window > 0 {
		keep = append(keep, "x.1 - e0[1].1 <= "+q.itoa(q.o.Window.Microseconds()))
	}
	if q.o.Collapse {
		keep = append(keep, "(i = 1 OR x.2 != e0[greatest(i - 1, 1)].2)")
	}
	ev := "e0"
	if len(keep) > 0 {
		ev = "arrayFilter((x, i) -> " + strings.Join(keep, " AND ") + ", e0, arrayEnumerate(e0))"
	}
	goal := "0"
	if len(q.goals) > 0 {
		goal = "arrayFirstIndex(x -> has([" + q.goalList() + "], x.2), ev)"
	}
	// The case's segment is its first non-empty one, in order.
	cases := "SELECT jm_c AS c, jm_e0 AS e0, arrayFirst(x -> x.3 != '', e0).3 AS s, " + ev + " AS ev, length(ev) AS m, " + goal + " AS gi\n" +
		"      FROM (\n        " + inner + "\n      )"
	// One tuple per result row: (kind, segment, a, b, x, time?) where x is
	// the seconds of a time, else what is summed.
	sec := func(i, j string) string { return "(ev[" + j + "].1 - ev[" + i + "].1) / 1000000." }
	rows := []string{
		"arrayMap(i -> ('event', s, ev[i].2, '', if(m > 1, (i - 1) / (m - 1), 0.), 0), arrayEnumerate(ev))",
		"[('start', s, ev[1].2, '', 0., 0), ('end', s, ev[-1].2, '', 0., 0), ('case', s, '', '', 0., 0)]",
		"arrayMap(i -> ('pair', s, ev[i].2, ev[i + 1].2, 0., 0), arrayEnumerate(arrayPopBack(ev)))",
		"arrayMap(i -> ('ptime', s, ev[i].2, ev[i + 1].2, " + sec("i", "i + 1") + ", 1), arrayEnumerate(arrayPopBack(ev)))",
		"[('variant', s, arrayStringConcat(arrayMap(x -> concat(toString(length(x.2)), ':', x.2), ev)), '', 0., 0)]",
	}
	if len(q.goals) > 0 {
		rows = append(rows,
			"arrayMap(i -> ('after', s, ev[i].2, '', 0., 0), arrayFilter(i -> gi > 0 AND i > gi, arrayEnumerate(ev)))",
			// (ClickHouse evaluates both sides: ev[0] would be an error.)
			"arrayFilter(x -> gi > 0, [('converted', s, '', '', 0., 0), ('ctime', s, '', '', "+sec("1", "greatest(gi, 1)")+", 1)])")
	}
	if q.tp != "" {
		rows = append(rows, "arrayMap(x -> ('touch', s, x.2, x.4, 0., 0), ev)")
	}
	if q.val != "" {
		rows = append(rows,
			"[('value', s, '', '', arraySum(arrayMap(x -> x.5, ev)), 0)]",
			"arrayFilter(x -> gi > 0, [('cvalue', s, '', '', arraySum(arrayMap(x -> x.5, ev)), 0)])")
	}
	// l1: counts and sums per row and distinct time; l2: the times of a
	// group gathered, with the group's size; then each time written as
	// itself (up to the exact limit) or as its sketch bucket.
	// (ClickHouse 18 captures a subquery's columns in the lambdas of a
	// SELECT, not in those of ARRAY JOIN: the rows are made one level in.)
	cases = strings.Replace(cases, " AS gi\n", " AS gi,\n        arrayConcat(\n        "+strings.Join(rows, ",\n        ")+"\n        ) AS rows\n", 1)
	l1 := "SELECT r.1 AS kind, r.2 AS seg, r.3 AS a, r.4 AS b, if(r.6 = 1, r.5, 0.) AS d, count() AS cn, sum(r.5) AS sx\n" +
		"    FROM (\n      " + cases + "\n    )\n" +
		"    ARRAY JOIN rows AS r\n" +
		"    GROUP BY kind, seg, a, b, d"
	l2 := "SELECT kind, seg, a, b, sum(cn) AS gm, groupArray((d, cn, sx)) AS g FROM (\n    " + l1 + "\n  ) GROUP BY kind, seg, a, b"
	bk := "if(kind IN ('ptime', 'ctime') AND gm > " + q.itoa(exactDurations) + ", 1, 0)"
	l3 := "SELECT if(" + bk + " = 1, replaceOne(kind, 'time', 'bucket'), kind) AS k2, seg, a, b, y.2 AS cn, y.3 AS sx,\n" +
		"    if(" + bk + " = 1, toFloat64(" + q.bucket("y.1") + "), y.1) AS xk\n" +
		"  FROM (\n  " + l2 + "\n  ) ARRAY JOIN g AS y"
	b.WriteString("SELECT kind, seg, a, b, n, x FROM (\n")
	b.WriteString("  SELECT k2 AS kind, seg, a, b, sum(cn) AS n,\n")
	b.WriteString("    if(k2 IN ('ptime', 'pbucket', 'ctime', 'cbucket'), xk, sum(sx)) AS x,\n")
	b.WriteString("    if(k2 = 'variant', '', concat(a, '\\0', b, '\\0', toString(xk))) AS lk\n")
	b.WriteString("  FROM (\n  " + l3 + "\n  )\n")
	b.WriteString("  GROUP BY kind, seg, a, b, xk\n")
	b.WriteString("  ORDER BY kind, seg, n DESC, a\n")
	b.WriteString("  LIMIT " + q.itoa(maxVariants) + " BY kind, seg, lk\n")
	b.WriteString("  UNION ALL\n")
	b.WriteString("  SELECT 'skipped' AS kind, '' AS seg, '' AS a, '' AS b, count() AS n, toFloat64(0) AS x, '' AS lk\n")
	b.WriteString("  FROM " + q.table + " WHERE NOT (" + q.notNull() + ")\n")
	b.WriteString(")\nORDER BY kind, seg, a, b, x\n")
	return b.String()
}
