package eventlog

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/journeymap/journeymap/journey"
)

// shardLog is a generated log as CSV lines (no header), with ties in time,
// repeats, segments and one-event cases.
func shardLog(r *rand.Rand, cases int) []string {
	acts := []string{"visit", "search", "cart", "buy", "review"}
	var lines []string
	for c := range cases {
		t := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(86400*10)) * time.Second)
		seg := []string{"", "family", "corp"}[r.IntN(3)]
		for range 1 + r.IntN(6) {
			lines = append(lines, fmt.Sprintf("c%d,%s,%s,%s", c, acts[r.IntN(len(acts))], t.Format(time.RFC3339), seg))
			if r.IntN(4) > 0 {
				t = t.Add(time.Duration(r.IntN(3600)) * time.Second)
			}
		}
	}
	// Cases interleave, as in a real export.
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	return lines
}

func writeShards(t *testing.T, parts [][]string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, p := range parts {
		path := filepath.Join(dir, fmt.Sprintf("part%02d.csv", i))
		body := "case_id,activity,timestamp,segment\n" + strings.Join(p, "\n") + "\n"
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

func journeyText(t *testing.T, a *Aggregate) string {
	t.Helper()
	j, _, err := a.Journey(BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := journey.Write(&b, j, journey.YAML); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReadAggregateFilesAnySplit: a log cut anywhere into files (cases
// spanning them, ties across the cuts) reads as the whole file does, to
// the last field of the aggregate; a log split by case into files read in
// any order gives the same journey.
func TestReadAggregateFilesAnySplit(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	lines := shardLog(r, 2000)
	opts := Options{Goals: []string{"buy"}, Collapse: true}
	whole, _, err := ReadAggregateFiles(writeShards(t, [][]string{lines}), opts)
	if err != nil {
		t.Fatal(err)
	}
	for trial := range 5 {
		k := 2 + r.IntN(6)
		cuts := []int{0}
		for range k - 1 {
			cuts = append(cuts, r.IntN(len(lines)+1))
		}
		cuts = append(cuts, len(lines))
		slicesSort(cuts)
		var parts [][]string
		for i := 0; i+1 < len(cuts); i++ {
			parts = append(parts, lines[cuts[i]:cuts[i+1]])
		}
		got, _, err := ReadAggregateFiles(writeShards(t, parts), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(whole, got) {
			t.Errorf("trial %d, %d files: the aggregate differs from the whole file's", trial, k)
		}

		// By case, shuffled.
		byCase := make([][]string, k)
		shard := map[string]int{}
		for _, l := range lines {
			c := l[:strings.IndexByte(l, ',')]
			s, ok := shard[c]
			if !ok {
				s = r.IntN(k)
				shard[c] = s
			}
			byCase[s] = append(byCase[s], l)
		}
		r.Shuffle(k, func(i, j int) { byCase[i], byCase[j] = byCase[j], byCase[i] })
		got, _, err = ReadAggregateFiles(writeShards(t, byCase), opts)
		if err != nil {
			t.Fatal(err)
		}
		if journeyText(t, whole) != journeyText(t, got) {
			t.Errorf("trial %d: files split by case, shuffled, give another journey", trial)
		}
	}
}

func slicesSort(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// TestReadAggregateFilesProblems: a bad row is reported with its own file
// and row; a missing file stops the reading; no goroutine is left behind
// (the race detector and the test's end would show it).
func TestReadAggregateFilesProblems(t *testing.T) {
	paths := writeShards(t, [][]string{{"c1,a,2024-05-01T00:00:00Z,"}, {"c1,b,not a time,", "c2,a,2024-05-01T00:00:00Z,"}})
	_, _, err := ReadAggregateFiles(paths, Options{})
	ps, ok := err.(Problems)
	if !ok || len(ps) != 1 || ps[0].File != paths[1] || ps[0].Row != 2 {
		t.Fatalf("want one problem at %s row 2, got %v", paths[1], err)
	}
	_, _, err = ReadAggregateFiles(append(paths, filepath.Join(t.TempDir(), "missing.csv")), Options{SkipBadRows: true})
	if err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Fatalf("missing file: %v", err)
	}
	j, _, err := MineFiles(paths, Options{SkipBadRows: true})
	if err != nil || len(j.Steps) != 1 {
		t.Fatalf("MineFiles: %v, %v", j, err)
	}
}
