package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMineSeveralLogs: mine A B C prints the journey of their
// concatenation, wherever the log was cut.
func TestMineSeveralLogs(t *testing.T) {
	rows := genRows(rand.New(rand.NewPCG(9, 9)), 500)
	var lines []string
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("%s,%q,%s,%s,%s,%d", r.c, r.a, ts(r.t), r.seg, r.ch, r.v))
	}
	dir := t.TempDir()
	write := func(name string, ls []string) string {
		p := filepath.Join(dir, name)
		body := "case_id,activity,timestamp,segment,channel,value\n" + strings.ReplaceAll(strings.Join(ls, "\n"), `\"`, `""`) + "\n"
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	whole := write("whole.csv", lines)
	a, b, c := write("a.csv", lines[:100]), write("b.csv", lines[100:1200]), write("c.csv", lines[1200:])
	code, want, errs := runCmd("mine", whole, "--quiet", "--goal", "buy")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, got, errs := runCmd("mine", a, b, c, "--quiet", "--goal", "buy")
	if code != exitOK || got != want {
		t.Errorf("exit %d, %s: three files give another journey than the whole", code, errs)
	}
	if code, _, _ := runCmd("mine", a, "-", "--quiet"); code != exitInvalid {
		t.Errorf("- among several LOGs: exit %d", code)
	}
}
