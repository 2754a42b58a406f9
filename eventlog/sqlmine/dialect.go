package sqlmine

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect is an SQL engine the mining query is written for.
type Dialect int

// The dialects. The zero value is DuckDB.
const (
	DuckDB Dialect = iota
	PostgreSQL
	BigQuery
	// ClickHouse is a current ClickHouse (21.9 and later): window functions.
	ClickHouse
	// ClickHouse18 is ClickHouse before window functions (Debian's 18.16):
	// each case's events are gathered with groupArray, sorted, and walked
	// as arrays; the query runs on current versions too.
	ClickHouse18
	Spark
	Snowflake
)

var dialectNames = []string{"duckdb", "postgres", "bigquery", "clickhouse", "clickhouse18", "spark", "snowflake"}

// Dialects lists every dialect, in the order of their constants.
func Dialects() []Dialect {
	out := make([]Dialect, len(dialectNames))
	for i := range out {
		out[i] = Dialect(i)
	}
	return out
}

// String is the dialect's name as ParseDialect reads it.
func (d Dialect) String() string {
	if d < 0 || int(d) >= len(dialectNames) {
		return "dialect(" + strconv.Itoa(int(d)) + ")"
	}
	return dialectNames[d]
}

// ParseDialect reads a dialect's name: duckdb, postgres (or postgresql),
// bigquery, clickhouse, clickhouse18, spark (or sparksql), snowflake.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "postgresql", "pg":
		return PostgreSQL, nil
	case "sparksql", "spark-sql", "databricks":
		return Spark, nil
	case "clickhouse-18", "clickhouse-18.16", "clickhouse18.16":
		return ClickHouse18, nil
	}
	for i, n := range dialectNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Dialect(i), nil
		}
	}
	return 0, &Error{Code: CodeDialect, Message: fmt.Sprintf("unknown SQL dialect %q (known: %s)", s, strings.Join(dialectNames, ", "))}
}

func (d Dialect) valid() bool { return d >= 0 && int(d) < len(dialectNames) }

// backslashEscapes says the dialect's string literals and quoted
// identifiers read backslash escapes.
func (d Dialect) backslashEscapes() bool {
	switch d {
	case BigQuery, ClickHouse, ClickHouse18, Spark, Snowflake:
		return true
	}
	return false
}

// Ident quotes one identifier for the dialect, so that any name (quotes,
// backticks, semicolons, newlines) is read as a name and nothing else.
// A name with a NUL byte is refused.
func (d Dialect) Ident(name string) (string, error) {
	if name == "" {
		return "", &Error{Code: CodeName, Message: "empty identifier"}
	}
	if strings.IndexByte(name, 0) >= 0 {
		return "", &Error{Code: CodeName, Message: fmt.Sprintf("identifier %q holds a NUL byte", name)}
	}
	switch d {
	case BigQuery, ClickHouse, ClickHouse18:
		// Backquoted, with backslash escapes (BigQuery: "Quoted identifiers
		// ... can contain any characters, including spaces and symbols";
		// ClickHouse: backquoted identifiers read escapes like strings).
		return "`" + escapeBackslash(name, '`', false) + "`", nil
	case Spark:
		// Spark doubles a backtick inside a backquoted identifier.
		return "`" + strings.ReplaceAll(name, "`", "``") + "`", nil
	default:
		// SQL standard: double quotes, a double quote doubled.
		return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`, nil
	}
}

// Str writes s as a string literal of the dialect.
func (d Dialect) Str(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", &Error{Code: CodeName, Message: fmt.Sprintf("value %q holds a NUL byte", s)}
	}
	if d.backslashEscapes() {
		return "'" + escapeBackslash(s, '\'', d == Spark) + "'", nil
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
}

// escapeBackslash escapes the quote, backslashes and control characters
// with backslashes: \xHH, or \u00HH where the dialect has no \x (Spark).
func escapeBackslash(s string, quote byte, unicode bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 && unicode:
			fmt.Fprintf(&b, `\u%04x`, c)
		case c < 0x20:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Name is a table's name, qualified or not: {"db", "schema", "events"}.
type Name []string

// ParseName splits a dotted name (project.dataset.events) into its parts.
// A part holding a dot cannot be written this way: build the Name.
func ParseName(s string) Name {
	return Name(strings.Split(s, "."))
}

func (n Name) quoted(d Dialect) (string, error) {
	if len(n) == 0 {
		return "", &Error{Code: CodeName, Message: "no table named"}
	}
	parts := make([]string, len(n))
	for i, p := range n {
		q, err := d.Ident(p)
		if err != nil {
			return "", err
		}
		parts[i] = q
	}
	return strings.Join(parts, "."), nil
}

// String is the name's parts joined with dots, as ParseName reads it.
func (n Name) String() string { return strings.Join(n, ".") }
