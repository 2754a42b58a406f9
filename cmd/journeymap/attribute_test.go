package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runAttributeArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"attribute"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeInput(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// attributionJSON is the contract's JSON of journeymap attribute.
type attributionJSON struct {
	Conversions    *float64 `json:"conversions"`
	ConversionRate *float64 `json:"conversion_rate"`
	Channels       []struct {
		Channel       string   `json:"channel"`
		RemovalEffect *float64 `json:"removal_effect"`
		Markov        *float64 `json:"markov"`
		MarkovValue   *float64 `json:"markov_value"`
		FirstTouch    *float64 `json:"first_touch"`
		LastTouch     *float64 `json:"last_touch"`
		Linear        *float64 `json:"linear"`
	} `json:"channels"`
	Warnings []struct {
		Code string `json:"code"`
		Row  int64  `json:"row"`
	} `json:"warnings"`
	TimeToConvert *struct {
		Cases     int64 `json:"cases"`
		Converted int64 `json:"converted"`
	} `json:"time_to_convert"`
}

func decodeAttribution(t *testing.T, out string) attributionJSON {
	t.Helper()
	var a attributionJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return a
}

// TestAttributePuzyrovTable: the Puzyrov (2019) example as a path table with
// the google ads path on two rows, through the command's JSON.
func TestAttributePuzyrovTable(t *testing.T) {
	file := writeInput(t, "paths.csv", "path;total_conversions;total_null\ngoogle ads;2;0\nmailing;1;0\ngoogle ads > mailing;1;0\ngoogle ads;0;1\n")
	code, out, errOut := runAttributeArgs(t, file, "--format", "json")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	a := decodeAttribution(t, out)
	if *a.Conversions != 4 || math.Abs(*a.ConversionRate-0.8) > 1e-12 || len(a.Channels) != 2 {
		t.Fatalf("%s", out)
	}
	want := map[string][6]float64{
		"google ads": {0.75, 2.4, 0, 3, 2, 2.5},
		"mailing":    {0.5, 1.6, 0, 1, 2, 1.5},
	}
	for _, c := range a.Channels {
		w := want[c.Channel]
		got := [6]float64{*c.RemovalEffect, *c.Markov, *c.MarkovValue, *c.FirstTouch, *c.LastTouch, *c.Linear}
		for i := range got {
			if math.Abs(got[i]-w[i]) > 1e-9 {
				t.Errorf("%s: %v, want %v", c.Channel, got, w)
				break
			}
		}
	}
	if len(a.Warnings) != 1 || a.Warnings[0].Code != "duplicate-path" || a.Warnings[0].Row != 5 {
		t.Errorf("warnings: %+v", a.Warnings)
	}
}

func TestAttributeCommandLog(t *testing.T) {
	log := "case_id,activity,timestamp,channel,value\n" +
		"1,click,2026-01-01 10:00,google,\n" +
		"1,open,2026-01-01 11:00,email,\n" +
		"1,buy,2026-01-01 12:00,,100\n" +
		"2,open,2026-01-01 10:00,email,\n" +
		"3,click,2026-01-02 10:00,google,\n" +
		"3,buy,2026-01-02 10:30,,20\n"
	file := writeInput(t, "log.csv", log)
	code, out, errOut := runAttributeArgs(t, file, "--goal", "buy", "--format", "json")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	a := decodeAttribution(t, out)
	// Paths google > email (1 conversion, value 100), email (1 null),
	// google (1 conversion, 20): solved by hand in ExampleReadPaths.
	if *a.Conversions != 2 || len(a.Channels) != 2 || a.Channels[0].Channel != "email" ||
		math.Abs(*a.Channels[0].RemovalEffect-0.5) > 1e-12 || math.Abs(*a.Channels[1].RemovalEffect-0.75) > 1e-12 ||
		math.Abs(*a.Channels[1].MarkovValue-72) > 1e-9 {
		t.Errorf("%s", out)
	}
	if a.TimeToConvert == nil || a.TimeToConvert.Cases != 3 || a.TimeToConvert.Converted != 2 {
		t.Errorf("time to convert: %s", out)
	}
	// Without a touchpoint column the activities are the channels.
	file = writeInput(t, "log2.csv", "case_id,activity,timestamp\n1,a,2026-01-01 10:00\n1,b,2026-01-01 11:00\n1,buy,2026-01-01 12:00\n")
	code, out, _ = runAttributeArgs(t, "--goal=buy", file, "--order", "2")
	if code != exitOK || !strings.Contains(out, "Markov order 2") || !strings.Contains(out, "\na  ") || !strings.Contains(out, "\nb  ") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestAttributeCommandGzip(t *testing.T) {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write([]byte("path,total_conversions,total_null\na > b,1,1\n"))
	z.Close()
	file := writeInput(t, "paths.csv.gz", buf.String())
	code, out, errOut := runAttributeArgs(t, file, "--format", "json")
	if code != exitOK || errOut != "" || *decodeAttribution(t, out).Conversions != 1 {
		t.Errorf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	buf.Reset()
	z = gzip.NewWriter(&buf)
	z.Write([]byte("case_id,activity,timestamp\n1,a,2026-01-01 10:00\n1,buy,2026-01-01 11:00\n"))
	z.Close()
	file = writeInput(t, "log.csv.gz", buf.String())
	code, out, errOut = runAttributeArgs(t, file, "--goal", "buy", "--format", "json")
	if code != exitOK || errOut != "" || *decodeAttribution(t, out).Conversions != 1 {
		t.Errorf("log: exit %d, stderr %q\n%s", code, errOut, out)
	}
}

func TestAttributeCommandMarkdown(t *testing.T) {
	file := writeInput(t, "bryl.tsv", "path\ttotal_conversions\ttotal_null\ttotal_conversion_value\nC1 > C2 > C3\t1\t0\t1000\nC1\t0\t1\t0\nC2 > C3\t0\t1\t0\n")
	code, out, errOut := runAttributeArgs(t, file, "--format", "markdown")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"| `C1` | 0.5 | 0.2 | 200 | 1 | 0 | 0.3333 |", "| `C3` | 1 | 0.4 | 400 | 0 | 1 | 0.3333 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestAttributeCommandBadInput(t *testing.T) {
	bad := writeInput(t, "bad.csv", "path,total_conversions,total_null\na > ,1,0\n,1,0\nb,-2,0\nc,two,0\n")
	log := writeInput(t, "log.csv", "case_id,activity,timestamp\n1,a,2026-01-01 10:00\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{bad}, bad + ":2: dangling-separator: path \"a >\" starts or ends with \">\"\n" +
			bad + ":3: empty-path: path is empty\n" +
			bad + ":4: negative-count: total_conversions -2 is negative\n" +
			bad + ":5: bad-number: total_conversions \"two\" is not a number\n"},
		{[]string{log}, log + ": missing-goal: "},
		{[]string{filepath.Join(t.TempDir(), "none.csv")}, "read-error"},
		{[]string{bad, "--order", "-1"}, "--order -1: want 1 or more"},
		{[]string{bad, "--format", "yaml"}, `"yaml"`},
		{[]string{}, "want exactly one INPUT"},
	} {
		code, out, errOut := runAttributeArgs(t, c.args...)
		if code != exitInvalid || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestAttributeCommandNoConversions: a table where nothing converts still
// gives every figure, all 0, and no NaN.
func TestAttributeCommandNoConversions(t *testing.T) {
	file := writeInput(t, "none.csv", "path,total_conversions,total_null\na > b,0,5\nb,0,0\n")
	code, out, errOut := runAttributeArgs(t, file, "--format", "json", "--order", "7")
	if code != exitOK || strings.Contains(out, "NaN") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	a := decodeAttribution(t, out)
	if *a.ConversionRate != 0 || len(a.Channels) != 2 || *a.Channels[0].Markov != 0 {
		t.Errorf("%s", out)
	}
	if len(a.Warnings) != 1 || a.Warnings[0].Code != "order-above-longest" {
		t.Errorf("warnings %+v", a.Warnings)
	}
}

// TestAttributeStdinAndOutput: INPUT "-" reads standard input (named
// <stdin> in problems), and -o writes a file.
func TestAttributeStdinAndOutput(t *testing.T) {
	var out, errOut bytes.Buffer
	in := strings.NewReader("path,total_conversions,total_null\nC1 > C2 > C3,1,0\nC1,0,1\nC2 > C3,0,1\n")
	dst := filepath.Join(t.TempDir(), "attribution.json")
	code := runWithInput([]string{"attribute", "-", "--format", "json", "-o", dst}, in, &out, &errOut)
	if code != exitOK || out.Len() != 0 || errOut.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if a := decodeAttribution(t, string(data)); len(a.Channels) != 3 || *a.Channels[0].Markov != 0.2 {
		t.Errorf("%s", data)
	}
	out.Reset()
	errOut.Reset()
	code = runWithInput([]string{"attribute", "-"}, strings.NewReader("path,total_conversions\n>x,1\n"), &out, &errOut)
	if code != exitInvalid || errOut.String() != "<stdin>:2: dangling-separator: path \">x\" starts or ends with \">\"\n" {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}
