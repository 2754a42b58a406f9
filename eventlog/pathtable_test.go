package eventlog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadPathTableSeparators(t *testing.T) {
	for _, sep := range []string{",", ";", "\t"} {
		text := strings.Join([]string{"total_conversions", "Path ", "total_null", "total_conversion_value"}, sep) + "\n" +
			strings.Join([]string{"1", "C1 > C2 >C3", "0", "1000"}, sep) + "\n" +
			strings.Join([]string{"0", " C1", "1", "0"}, sep) + "\r\n" +
			strings.Join([]string{"0", "C2>C3", "1", "0"}, sep) + "\n"
		tb, err := ReadPathTable(strings.NewReader("\ufeff"+text), "t.csv")
		if err != nil {
			t.Fatalf("sep %q: %v", sep, err)
		}
		want := []Path{
			{Channels: []string{"C1", "C2", "C3"}, Conversions: 1, Value: 1000},
			{Channels: []string{"C1"}, Nulls: 1},
			{Channels: []string{"C2", "C3"}, Nulls: 1},
		}
		if fmt.Sprint(tb.Paths) != fmt.Sprint(want) || !slices.Equal(tb.Lines, []int64{2, 3, 4}) || !tb.HasNulls || !tb.HasValue || tb.Rows != 3 {
			t.Errorf("sep %q: %+v", sep, tb)
		}
		if len(tb.Warnings) != 0 {
			t.Errorf("sep %q: warnings %v", sep, tb.Warnings)
		}
	}
}

// TestReadPathTableChannelsWithSeparators: a quoted path may hold the other
// separators; the one that splits the header into a path column wins.
func TestReadPathTableChannelsWithSeparators(t *testing.T) {
	text := "path;total_conversions;total_null\n\"a, b > c\";1;2\n"
	tb, err := ReadPathTable(strings.NewReader(text), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.Paths[0].Channels; !slices.Equal(got, []string{"a, b", "c"}) {
		t.Errorf("channels = %q", got)
	}
}

func TestReadPathTableDecimalComma(t *testing.T) {
	tb, err := ReadPathTable(strings.NewReader("path;total_conversions;total_null;total_conversion_value\na > b;1;2;12,5\n"), "eu.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Paths[0].Value != 12.5 {
		t.Errorf("value = %v, want 12.5", tb.Paths[0].Value)
	}
	_, err = ReadPathTable(strings.NewReader("path,total_conversions,total_null\n\"a\",\"1,5\",0\n"), "us.csv")
	if err == nil {
		t.Error("1,5 in a comma-separated table read as a number")
	}
}

func TestReadPathTableDuplicates(t *testing.T) {
	text := "path,total_conversions,total_null\ngoogle ads,2,0\nmailing,1,0\ngoogle ads > mailing,1,0\ngoogle ads ,0,1\n"
	tb, err := ReadPathTable(strings.NewReader(text), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Paths) != 3 || tb.Paths[0].Conversions != 2 || tb.Paths[0].Nulls != 1 || tb.Rows != 4 {
		t.Errorf("paths = %+v", tb.Paths)
	}
	if len(tb.Warnings) != 1 || tb.Warnings[0].Code != CodeDuplicatePath || tb.Warnings[0].Row != 5 ||
		tb.Warnings[0].Error() != "p.csv:5: duplicate-path: path repeats the row on line 2; the counts are added up" {
		t.Errorf("warnings = %v", tb.Warnings)
	}
	a, err := Attribute(tb.Paths, AttributionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !attrNear(a.Channels[0].Markov, 2.4) || !attrNear(a.Channels[1].Markov, 1.6) {
		t.Errorf("Puzyrov from the table: %+v", a.Channels)
	}
}

func TestReadPathTableErrors(t *testing.T) {
	text := "path,total_conversions,total_null,total_conversion_value\n" +
		" ,1,0,0\n" + // 2: empty path
		"a > b >,1,0,0\n" + // 3: dangling
		"> a,1,0,0\n" + // 4: dangling
		"a >> b,1,0,0\n" + // 5: empty channel
		"a,-1,0,0\n" + // 6: negative
		"a,x,0,0\n" + // 7: not a number
		"a,1,NaN,0\n" + // 8: NaN
		"a,1,0\n" + // 9: missing field
		"a,1,0,-5\n" + // 10: negative value
		"ok,1,,0\n" // 11: empty count
	_, err := ReadPathTable(strings.NewReader(text), "bad.csv")
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"bad.csv:2: empty-path: path is empty",
		`bad.csv:3: dangling-separator: path "a > b >" starts or ends with ">"`,
		`bad.csv:4: dangling-separator: path "> a" starts or ends with ">"`,
		`bad.csv:5: empty-channel: path "a >> b" has an empty channel between two ">"`,
		`bad.csv:6: negative-count: total_conversions -1 is negative`,
		`bad.csv:7: bad-number: total_conversions "x" is not a number`,
		`bad.csv:8: bad-number: total_null "NaN" is not a number`,
		`bad.csv:9: ragged-row: row has 3 fields, the header 4`,
		`bad.csv:10: negative-count: total_conversion_value -5 is negative`,
		`bad.csv:11: bad-number: total_null "" is not a number`,
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadPathTableHeader(t *testing.T) {
	for _, c := range []struct{ text, codes string }{
		{"", "missing-column"},
		{"channel,conversions\na,1\n", "missing-column missing-column"},
		{"path,total_conversions,path\na,1,b\n", "duplicate-column"},
		{"path,total_conversions\n\"a,1\n", "bad-quote"},
	} {
		_, err := ReadPathTable(strings.NewReader(c.text), "h.csv")
		var ps Problems
		if !errors.As(err, &ps) || strings.Join(ps.Codes(), " ") != c.codes {
			t.Errorf("%q: err = %v, want codes %s", c.text, err, c.codes)
		}
	}
	tb, err := ReadPathTable(strings.NewReader("path,total_conversions\na > b,3\n"), "n.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tb.HasNulls || len(tb.Warnings) != 1 || tb.Warnings[0].Code != CodeMissingNulls {
		t.Errorf("%+v", tb)
	}
}

func TestReadPathTableFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "paths.tsv")
	if err := os.WriteFile(name, []byte("path\ttotal_conversions\ttotal_null\nx > y\t2\t3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadPathTableFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Paths) != 1 || tb.Paths[0].Nulls != 3 {
		t.Errorf("%+v", tb.Paths)
	}
	if _, err := ReadPathTableFile(filepath.Join(t.TempDir(), "none.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzReadPathTable: no input makes the reader or Attribute panic, and what
// the reader accepts Attribute accepts.
func FuzzReadPathTable(f *testing.F) {
	f.Add("path,total_conversions,total_null\na > b,1,2\n")
	f.Add("path;total_conversions;total_null;total_conversion_value\na>a>b;1;0;3.5\nb;0;1;0\n")
	f.Add("path\ttotal_conversions\n\"a\nb\"\t1\n")
	f.Fuzz(func(t *testing.T, text string) {
		tb, err := ReadPathTable(strings.NewReader(text), "f.csv")
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("err %v is not problems", err)
			}
			return
		}
		for _, order := range []int{1, 2, 3} {
			if _, err := Attribute(tb.Paths, AttributionOptions{Order: order}); err != nil {
				t.Fatalf("order %d: %v", order, err)
			}
		}
	})
}

func ExampleReadPathTable() {
	text := "path;total_conversions;total_null\n" +
		"google ads;2;0\n" +
		"mailing;1;0\n" +
		"google ads > mailing;1;0\n" +
		"google ads;0;1\n"
	tb, err := ReadPathTable(strings.NewReader(text), "paths.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range tb.Warnings {
		fmt.Println(w)
	}
	a, err := Attribute(tb.Paths, AttributionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := a.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// paths.csv:5: duplicate-path: path repeats the row on line 2; the counts are added up
	// Attribution (Markov order 1): 3 paths, 4 conversions, 1 nulls, conversion rate 0.8, value 0
	//
	// channel     removal effect  markov  markov value  first touch  last touch  linear
	// google ads            0.75     2.4             0            3           2     2.5
	// mailing                0.5     1.6             0            1           2     1.5
}

func TestIsPathTable(t *testing.T) {
	for text, want := range map[string]bool{
		"path;total_conversions;total_null\na;1;0\n":   true,
		"\ufeff\"Path\",\"Total_Conversions\"\r\n":     true,
		"path\ttotal_null\n":                           false,
		"case_id,activity,timestamp\n1,a,2026-01-01\n": false,
		"":                                   false,
		"<?xml version=\"1.0\"?><log></log>": false,
		"path,total_conversions":             true,
	} {
		if got := IsPathTable([]byte(text)); got != want {
			t.Errorf("IsPathTable(%q) = %v, want %v", text, got, want)
		}
	}
}

func ExampleIsPathTable() {
	fmt.Println(IsPathTable([]byte("path;total_conversions;total_null\nC1 > C2;1;0\n")))
	fmt.Println(IsPathTable([]byte("case:concept:name,concept:name,time:timestamp\n")))
	// Output:
	// true
	// false
}
