package sqlmine

import (
	"strings"
)

// windows writes the query with window functions (LEAD, LAG, ROW_NUMBER,
// FIRST_VALUE, COUNT OVER): every dialect but ClickHouse18.
func (q *querier) windows() string {
	var b strings.Builder
	q.header(&b)
	str := q.str
	// ev: the events with a case, an activity and a time, in common names;
	// sk puts the events with a segment first, so that the case's segment
	// is its first non-empty one.
	// ClickHouse lets an alias shadow a column of the same name anywhere in
	// its SELECT (a time column called t): there the columns are first
	// read under names no table uses, then renamed.
	al := func(x string) string { return x }
	if q.d == ClickHouse {
		al = func(x string) string { return "jm_" + x }
	}
	names := []string{"c", "a", "t", "es", "sk"}
	b.WriteString("WITH ev AS (\n  SELECT " + str(q.cs) + " AS " + al("c") + ", " + str(q.act) + " AS " + al("a") + ", " + q.micros() + " AS " + al("t"))
	if q.seg != "" {
		es := "COALESCE(" + str(q.seg) + ", '')"
		b.WriteString(",\n    " + es + " AS " + al("es") + ", CASE WHEN " + es + " = '' THEN 1 ELSE 0 END AS " + al("sk"))
	} else {
		b.WriteString(", '' AS " + al("es") + ", 0 AS " + al("sk"))
	}
	if q.tp != "" {
		b.WriteString(",\n    COALESCE(" + str(q.tp) + ", '') AS " + al("p"))
		names = append(names, "p")
	}
	if q.val != "" {
		b.WriteString(",\n    COALESCE(CAST(" + q.val + " AS " + q.double() + "), 0) AS " + al("v"))
		names = append(names, "v")
	}
	if q.o2 != "" {
		b.WriteString(", " + q.o2 + " AS " + al("o"))
		names = append(names, "o")
	}
	b.WriteString("\n  FROM " + q.table + "\n  WHERE " + q.notNull() + "\n),\n")
	if q.d == ClickHouse {
		var rn []string
		for _, n := range names {
			rn = append(rn, al(n)+" AS "+n)
		}
		s := b.String()
		b.Reset()
		b.WriteString(strings.Replace(s, "WITH ev AS (", "WITH ev0 AS (", 1))
		b.WriteString("ev AS (\n  SELECT " + strings.Join(rn, ", ") + " FROM ev0\n),\n")
	}

	// sq: each event with its case's segment and first time (and the
	// previous activity, to collapse repeats).
	b.WriteString("sq AS (\n  SELECT c, a, t" + q.optCols() + ",\n")
	b.WriteString("    FIRST_VALUE(es) " + q.firstSpec() + " AS s,\n")
	b.WriteString("    MIN(t) OVER (PARTITION BY c) AS t0")
	if q.o.Collapse {
		b.WriteString(",\n    ROW_NUMBER() " + q.windowSpec(false, q.tieCols()...) + " AS r0,\n")
		b.WriteString("    " + q.lag("a") + " AS pa")
	}
	b.WriteString("\n  FROM ev\n),\n")

	// kept: the window and the collapse of repeats.
	var where []string
	if q.o.Window > 0 {
		where = append(where, "t - t0 <= "+q.itoa(q.o.Window.Microseconds()))
	}
	if q.o.Collapse {
		where = append(where, "(r0 = 1 OR pa <> a)")
	}
	b.WriteString("kept AS (\n  SELECT c, a, t" + q.optCols() + ", s, t0 FROM sq")
	if len(where) > 0 {
		b.WriteString("\n  WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString("\n),\n")

	q.caseCTEs(&b)
	b.WriteString(strings.Join(q.branches(), "\nUNION ALL\n"))
	if q.d == ClickHouse {
		// (positional ORDER BY needs a setting in ClickHouse)
		b.WriteString("\nORDER BY kind, seg, a, b, x\n")
	} else {
		b.WriteString("\nORDER BY 1, 2, 3, 4, 6\n")
	}
	return b.String()
}

// caseCTEs write the events with their successors (st), the first goal
// (sg), the cases (cs) and the times with their buckets (ptb, ctb).
func (q *querier) caseCTEs(b *strings.Builder) {
	// st: each kept event with its successor and place in the case.
	b.WriteString(q.cte("st") + "\n  SELECT c, a, t" + q.optCols() + ", s, t0,\n")
	b.WriteString("    " + q.lead("a") + " AS na,\n")
	b.WriteString("    " + q.lead("t") + " AS nt,\n")
	b.WriteString("    ROW_NUMBER() " + q.windowSpec(false) + " AS rn,\n")
	b.WriteString("    COUNT(*) OVER (PARTITION BY c) AS cnt\n  FROM kept\n),\n")

	// sg: with the place of the case's first goal event (NULL: none).
	b.WriteString(q.cte("sg") + "\n  SELECT *, ")
	if len(q.goals) > 0 {
		b.WriteString("MIN(CASE WHEN a IN (" + q.goalList() + ") THEN rn END) OVER (PARTITION BY c) AS gr")
	} else {
		b.WriteString(q.nullInt() + " AS gr")
	}
	b.WriteString("\n  FROM st\n),\n")

	// cs: one row per case: segment, time to convert, variant, value.
	b.WriteString(q.cte("cs") + "\n  SELECT c, MIN(s) AS cseg,\n")
	b.WriteString("    MIN(CASE WHEN rn = gr THEN t END) - MIN(t0) AS ct,\n")
	b.WriteString("    " + q.variant() + " AS vk")
	if q.val != "" {
		b.WriteString(",\n    SUM(v) AS cv")
	}
	b.WriteString("\n  FROM sg GROUP BY c\n),\n")

	// pt and ctt: the times along pairs and to convert, with the size of
	// their group and their sketch bucket.
	b.WriteString("pt AS (\n  SELECT s, a, na AS b, " + q.seconds("nt - t") + " AS d\n  FROM st WHERE rn < cnt\n),\n")
	b.WriteString("ctt AS (\n  SELECT cseg AS s, '' AS a, '' AS b, " + q.seconds("ct") + " AS d\n  FROM cs WHERE ct IS NOT NULL\n),\n")
	b.WriteString(q.bucketed("ptb", "pt") + ",\n" + q.bucketed("ctb", "ctt") + "\n")
}

// branches are the SELECTs of the union, one per kind of row.
func (q *querier) branches() []string {
	branches := []string{
		// An event's place in its case: 0 first, 1 last (0 alone); summed.
		"SELECT 'event' AS kind, s AS seg, a, '' AS b, COUNT(*) AS n,\n    SUM(CASE WHEN cnt > 1 THEN " + q.ratio("rn - 1", "cnt - 1") + " ELSE " + q.zero() + " END) AS x\n  FROM st GROUP BY s, a",
		q.row("start", "s, a, ''", "COUNT(*)", "", "st WHERE rn = 1 GROUP BY s, a"),
		q.row("end", "s, a, ''", "COUNT(*)", "", "st WHERE rn = cnt GROUP BY s, a"),
		q.row("pair", "s, a, na", "COUNT(*)", "", "st WHERE rn < cnt GROUP BY s, a, na"),
		q.row("after", "s, a, ''", "COUNT(*)", "", "sg WHERE rn > gr GROUP BY s, a"),
	}
	if q.tp != "" {
		branches = append(branches, q.row("touch", "s, a, p", "COUNT(*)", "", "st GROUP BY s, a, p"))
	}
	branches = append(branches,
		q.row("case", "cseg, '', ''", "COUNT(*)", "", "cs GROUP BY cseg"),
		q.row("converted", "cseg, '', ''", "COUNT(*)", "", "cs WHERE ct IS NOT NULL GROUP BY cseg"),
		q.row("ptime", "s, a, b", "COUNT(*)", "d", "ptb WHERE m <= "+q.itoa(exactDurations)+" GROUP BY s, a, b, d"),
		q.row("pbucket", "s, a, b", "COUNT(*)", q.asDouble("k"), "ptb WHERE m > "+q.itoa(exactDurations)+" GROUP BY s, a, b, k"),
		q.row("ctime", "s, '', ''", "COUNT(*)", "d", "ctb WHERE m <= "+q.itoa(exactDurations)+" GROUP BY s, d"),
		q.row("cbucket", "s, '', ''", "COUNT(*)", q.asDouble("k"), "ctb WHERE m > "+q.itoa(exactDurations)+" GROUP BY s, k"),
		q.topVariants(),
	)
	if q.val != "" {
		branches = append(branches,
			q.row("value", "s, '', ''", "COUNT(*)", "SUM(v)", "st GROUP BY s"),
			q.row("cvalue", "cseg, '', ''", "COUNT(*)", "SUM(cv)", "cs WHERE ct IS NOT NULL GROUP BY cseg"))
	}
	return append(branches,
		q.row("skipped", "'', '', ''", "COUNT(*)", "", q.table+" WHERE NOT ("+q.notNull()+")"))
}

// row is one branch of the union: kind, then seg, a, b (heads), n and x.
func (q *querier) row(kind, heads, n, x, from string) string {
	if x == "" {
		x = q.zero()
	}
	return "SELECT '" + kind + "', " + heads + ", " + n + ", " + x + "\n  FROM " + from
}

// bucketed adds to the times of src (s, a, b, d) the size m of their group
// and k, their sketch bucket (see eventlog.Durations): below 1e-9 seconds
// zeroBucket, else ceil(ln d / ln gamma), clamped.
func (q *querier) bucketed(name, src string) string {
	return q.cte(name) + "\n  SELECT s, a, b, d, COUNT(*) OVER (PARTITION BY s, a, b) AS m,\n    " + q.bucket("d") + " AS k\n  FROM " + src + "\n)"
}

// bucket is the sketch bucket of a duration d in seconds.
func (q *querier) bucket(d string) string {
	if q.d == ClickHouse || q.d == ClickHouse18 {
		return "if(" + d + " < " + minSketch + ", " + q.itoa(zeroBucket) + ", greatest(" + q.itoa(-maxBucket) +
			", least(" + q.itoa(maxBucket) + ", toInt64(ceil(log(" + d + ") / " + logGamma + ")))))"
	}
	ln := "LN"
	return "CASE WHEN " + d + " < " + minSketch + " THEN " + q.itoa(zeroBucket) +
		" ELSE GREATEST(" + q.itoa(-maxBucket) + ", LEAST(" + q.itoa(maxBucket) + ", CAST(CEIL(" + ln + "(" + d + ") / " + logGamma + ") AS " + q.bigint() + "))) END"
}

// notNull is the condition for an event to count.
func (q *querier) notNull() string {
	return q.cs + " IS NOT NULL AND " + q.act + " IS NOT NULL AND " + q.tm + " IS NOT NULL"
}

// tieCols break ties of time and activity (and order) when repeats are
// collapsed, so that the same one of tied repeats is kept everywhere:
// segment, touchpoint, value.
func (q *querier) tieCols() []string {
	out := []string{q.collate("es")}
	if q.tp != "" {
		out = append(out, q.collate("p"))
	}
	if q.val != "" {
		out = append(out, "v")
	}
	return out
}

// optCols are the optional columns carried along: touchpoint, value, order.
func (q *querier) optCols() string {
	s := ""
	if q.tp != "" {
		s += ", p"
	}
	if q.val != "" {
		s += ", v"
	}
	if q.o2 != "" {
		s += ", o"
	}
	return s
}

// firstSpec is the window whose first event gives the case its segment:
// the first with a segment, in order.
func (q *querier) firstSpec() string {
	order := []string{"sk", "t"}
	if q.o2 != "" {
		order = append(order, "o")
	}
	order = append(order, q.collate("a"), q.collate("es"))
	s := "OVER (PARTITION BY c ORDER BY " + strings.Join(order, ", ")
	if q.d == ClickHouse {
		s += " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
	}
	return s + ")"
}

// ratio is x / y as a float.
func (q *querier) ratio(x, y string) string {
	return q.asDouble(x) + " / " + q.asDouble(y)
}

func (q *querier) asDouble(x string) string {
	return "CAST(" + x + " AS " + q.double() + ")"
}

// variant is the case's activities in order, each written as its length
// in bytes, a colon and its bytes, so that no name can make two variants
// read alike (see eventlog.VariantKey).
func (q *querier) variant() string {
	switch q.d {
	case PostgreSQL:
		return "string_agg(CAST(octet_length(a) AS TEXT) || ':' || a, '' ORDER BY rn)"
	case DuckDB:
		return "string_agg(CAST(strlen(a) AS VARCHAR) || ':' || a, '' ORDER BY rn)"
	case BigQuery:
		return "STRING_AGG(CONCAT(CAST(BYTE_LENGTH(a) AS STRING), ':', a), '' ORDER BY rn)"
	case Snowflake:
		return "LISTAGG(CAST(OCTET_LENGTH(a) AS VARCHAR) || ':' || a, '') WITHIN GROUP (ORDER BY rn)"
	case Spark:
		return "concat_ws('', transform(array_sort(collect_list(struct(rn, a))), e -> concat(CAST(octet_length(e.a) AS STRING), ':', e.a)))"
	case ClickHouse:
		return "arrayStringConcat(arrayMap(e -> concat(toString(length(e.2)), ':', e.2), arraySort(groupArray((rn, a)))))"
	}
	return "''"
}

// topVariants counts cases per variant and segment, the most frequent
// maxVariants per segment.
func (q *querier) topVariants() string {
	inner := "SELECT cseg AS s, vk, COUNT(*) AS vn,\n    ROW_NUMBER() OVER (PARTITION BY cseg ORDER BY COUNT(*) DESC, " + q.collate("vk") + ") AS vr\n  FROM cs GROUP BY cseg, vk"
	return "SELECT 'variant', s, vk, '', vn, " + q.zero() + "\n  FROM (" + inner + ") tv WHERE vr <= " + q.itoa(maxVariants)
}

// nullInt is a NULL of the 64-bit integer type.
func (q *querier) nullInt() string {
	if q.d == ClickHouse {
		return "CAST(NULL AS Nullable(Int64))"
	}
	return "CAST(NULL AS " + q.bigint() + ")"
}

// cte opens a common table expression read by several branches: DuckDB is
// told to compute it once (AS MATERIALIZED, faster: see BENCHMARKS.md);
// PostgreSQL does so by itself for a CTE read more than once.
func (q *querier) cte(name string) string {
	if q.d == DuckDB {
		return name + " AS MATERIALIZED ("
	}
	return name + " AS ("
}
