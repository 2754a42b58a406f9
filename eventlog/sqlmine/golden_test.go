package sqlmine

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// update rewrites the golden files: go test ./eventlog/sqlmine -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenOptions use every option, with the column names of the README.
func goldenOptions() Options {
	return Options{Table: Name{"analytics", "events"}, Segment: "segment", Touchpoint: "channel", Value: "value",
		Order: "seq", Goals: []string{"purchase"}, Collapse: true, Window: 30 * 24 * time.Hour}
}

// TestGoldenQueries keeps each dialect's printed query in
// testdata/DIALECT.sql.golden, read by people (Spark, BigQuery and
// Snowflake cannot run here: testdata/DIALECT.constructs.md names the
// documented construct behind each part of their query).
func TestGoldenQueries(t *testing.T) {
	for _, d := range Dialects() {
		for name, o := range map[string]Options{"": goldenOptions(), ".minimal": {Table: Name{"events"}}} {
			q, err := Query(d, o)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", d.String()+name+".sql.golden")
			if *update {
				if err := os.WriteFile(path, []byte(q), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if string(want) != q {
				t.Errorf("%s: the query changed; if on purpose, run with -update and read the diff:\n%s", path, q)
			}
		}
		if _, err := os.Stat(filepath.Join("testdata", d.String()+".constructs.md")); err != nil {
			t.Errorf("%s has no constructs file beside its golden query", d)
		}
	}
}

// TestHostileNamesStayNames: names and values that would end a quoted
// identifier or string, start a comment or a new statement, appear in the
// query only quoted, for every dialect; the engines that run here run
// them (see the *EqualsInProcess tests, whose second table is hostileCols).
func TestHostileNamesStayNames(t *testing.T) {
	hostile := []string{`a"b`, "a`b", `a'b`, `a\b`, "a;b--c", "a\nb", "a/*b", `\"`, "`;DROP TABLE t;--", "é\t"}
	for _, d := range Dialects() {
		for _, h := range hostile {
			o := Options{Table: Name{h, h}, Case: h, Activity: h + "1", Time: h + "2", Segment: h + "3",
				Touchpoint: h + "4", Value: h + "5", Order: h + "6", Goals: []string{h}}
			q, err := Query(d, o)
			if err != nil {
				t.Fatalf("%s %q: %v", d, h, err)
			}
			// Every raw occurrence of the name is inside its quoting.
			id, _ := d.Ident(h)
			str, _ := d.Str(h)
			rest := strings.ReplaceAll(strings.ReplaceAll(q, id, ""), str, "")
			for i := 1; i <= 6; i++ {
				qi, _ := d.Ident(h + string(rune('0'+i)))
				rest = strings.ReplaceAll(rest, qi, "")
			}
			if strings.Contains(rest, h) {
				t.Errorf("%s: %q appears unquoted in\n%s", d, h, q)
			}
			if d.backslashEscapes() && strings.ContainsAny(str, "\n\t") {
				t.Errorf("%s: a raw control character of %q kept in a string literal", d, h)
			}
		}
	}
}

func TestIdentAndStr(t *testing.T) {
	cases := []struct {
		d         Dialect
		in        string
		id, strng string
	}{
		{PostgreSQL, `we"ird`, `"we""ird"`, `'we"ird'`},
		{PostgreSQL, `it's\`, `"it's\"`, `'it''s\'`},
		{DuckDB, `x"`, `"x"""`, `'x"'`},
		{Snowflake, `it's\`, `"it's\"`, `'it\'s\\'`},
		{BigQuery, "a`b\\", "`a\\`b\\\\`", `'a` + "`" + `b\\'`},
		{ClickHouse18, "a`b'", "`a\\`b'`", `'a` + "`" + `b\''`},
		{Spark, "a`b'\n\x01", "`a``b'\n\x01`", `'a` + "`" + `b\'\n\u0001'`},
		{BigQuery, "\x01", "`\\x01`", `'\x01'`},
	}
	for _, c := range cases {
		id, err := c.d.Ident(c.in)
		if err != nil || id != c.id {
			t.Errorf("%s.Ident(%q) = %q, %v; want %q", c.d, c.in, id, err, c.id)
		}
		s, err := c.d.Str(c.in)
		if err != nil || s != c.strng {
			t.Errorf("%s.Str(%q) = %q, %v; want %q", c.d, c.in, s, err, c.strng)
		}
	}
	for _, d := range Dialects() {
		if _, err := d.Ident("a\x00b"); err == nil {
			t.Errorf("%s: a NUL byte in a name was accepted", d)
		}
		if _, err := d.Ident(""); err == nil {
			t.Errorf("%s: an empty name was accepted", d)
		}
		if _, err := d.Str("a\x00"); err == nil {
			t.Errorf("%s: a NUL byte in a value was accepted", d)
		}
	}
}

func TestParseDialect(t *testing.T) {
	for _, d := range Dialects() {
		got, err := ParseDialect(strings.ToUpper(d.String()))
		if err != nil || got != d {
			t.Errorf("ParseDialect(%q) = %v, %v", d, got, err)
		}
	}
	for in, want := range map[string]Dialect{"postgresql": PostgreSQL, "pg": PostgreSQL, "sparksql": Spark, "databricks": Spark} {
		if got, err := ParseDialect(in); err != nil || got != want {
			t.Errorf("ParseDialect(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseDialect("oracle"); err == nil {
		t.Error("oracle accepted")
	}
}
