package sqlmine

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// checkErrors runs the failures every engine must report well: a wrong
// table or column (the engine's error, with the table and columns named),
// a result too large (refused with a hint), a cancelled context.
func checkErrors(t *testing.T, e Engine, d Dialect, c cols) {
	ctx := context.Background()
	ok := optionSets(c)["full"]

	wrongTable := ok
	wrongTable.Table = Name{"no_such_table"}
	_, _, err := Run(ctx, e, d, wrongTable, Limits{})
	var me *Error
	if !errors.As(err, &me) || me.Code != CodeEngine || !strings.Contains(err.Error(), "no_such_table") || me.Query == "" || me.Err == nil {
		t.Errorf("wrong table: %v", err)
	}

	wrongCol := ok
	wrongCol.Activity = "no_such_column"
	_, _, err = Run(ctx, e, d, wrongCol, Limits{})
	if !errors.As(err, &me) || me.Code != CodeEngine || !strings.Contains(err.Error(), "no_such_column") {
		t.Errorf("wrong column: %v", err)
	}

	idAsActivity := ok
	idAsActivity.Activity = c.Case // an ID column: one activity per case
	_, _, err = Run(ctx, e, d, idAsActivity, Limits{Activities: 100})
	if !errors.As(err, &me) || me.Code != CodeTooLarge || !strings.Contains(err.Error(), "activity column an ID") {
		t.Errorf("ID as activity: %v", err)
	}
	_, _, err = Run(ctx, e, d, ok, Limits{Rows: 10})
	if !errors.As(err, &me) || me.Code != CodeTooLarge || !strings.Contains(err.Error(), "Limits.Rows") {
		t.Errorf("too many rows: %v", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = Run(cancelled, e, d, ok, Limits{})
	if !errors.As(err, &me) || me.Code != CodeCancelled || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestClickHouseErrors: the same failures through ClickHouse's HTTP
// interface, and a URL's password never in an error.
func TestClickHouseErrors(t *testing.T) {
	ch := openClickHouse(t)
	loadClickHouse(t, ch, plainCols, genLog(rand.New(rand.NewPCG(3, 3)), 300), []string{"default"}, false)
	checkErrors(t, ch, ClickHouse18, plainCols)
}

func TestPasswordsNeverPrinted(t *testing.T) {
	ch, err := NewClickHouseHTTP("clickhouse://user:s3cret@127.0.0.1:1/db")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ch.URL, "s3cret") && strings.Contains(ch.URL, "@") {
		// kept for the headers, but never in an error:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _, err = Run(ctx, ch, ClickHouse18, Options{Table: Name{"events"}}, Limits{})
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error %v", err)
		}
	}
	if _, err := NewClickHouseHTTP("ftp://user:s3cret@host/"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v", err)
	}
	if got := redactURL("postgres://u:s3cret@h/db"); strings.Contains(got, "s3cret") {
		t.Errorf("redactURL kept the password: %s", got)
	}
}

func TestOptionErrors(t *testing.T) {
	for name, o := range map[string]Options{
		"no table":      {},
		"empty table":   {Table: Name{""}},
		"negative":      {Table: Name{"t"}, Window: -time.Second},
		"time format":   {Table: Name{"t"}, TimeFormat: 9},
		"NUL in name":   {Table: Name{"t"}, Case: "a\x00"},
		"NUL in a goal": {Table: Name{"t"}, Goals: []string{"\x00"}},
	} {
		for _, d := range Dialects() {
			if _, err := Query(d, o); err == nil {
				t.Errorf("%s, %s: no error", name, d)
			}
		}
	}
	if _, err := Query(Dialect(99), Options{Table: Name{"t"}}); err == nil {
		t.Error("unknown dialect accepted")
	}
}

func TestSplitVariant(t *testing.T) {
	for _, acts := range [][]string{{"a"}, {"a:b", "", "1:x"}, {"ünï", "c"}} {
		var b strings.Builder
		for _, a := range acts {
			b.WriteString(strings.Repeat("", 0))
			b.WriteString(itoa(len(a)) + ":" + a)
		}
		got, ok := splitVariant(b.String())
		if !ok || strings.Join(got, "|") != strings.Join(acts, "|") {
			t.Errorf("splitVariant(%q) = %q, %v", b.String(), got, ok)
		}
	}
	for _, bad := range []string{"x", "3:ab", ":a", "-1:", "1"} {
		if _, ok := splitVariant(bad); ok {
			t.Errorf("splitVariant(%q) accepted", bad)
		}
	}
}

func itoa(n int) string { return (&querier{}).itoa(int64(n)) }
