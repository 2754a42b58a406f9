// Command ratios reads Go benchmark output and prints, as Markdown tables,
// the median time and allocated bytes of each benchmark whose name has an
// impl=NAME element, with the ratio of each implementation to journeymap.
// It complements benchstat, whose tables show the same comparisons as
// percentages.
//
// Usage:
//
//	go run ./bench/ratios < bench.txt
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// sample is one benchmark result line: its metrics by unit.
type sample map[string]float64

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

// row is one benchmark without its impl element, e.g.
// "Finding/cycles/steps=100000".
type row struct {
	name  string
	impls map[string][]sample
}

func run(r io.Reader, w io.Writer) error {
	rows := map[string]*row{}
	var order []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		var impl string
		var rest []string
		for _, el := range strings.Split(name, "/") {
			if v, ok := strings.CutPrefix(el, "impl="); ok {
				impl = v
			} else {
				rest = append(rest, el)
			}
		}
		if impl == "" {
			continue
		}
		s := sample{}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return fmt.Errorf("%s: %v", fields[0], err)
			}
			s[fields[i+1]] = v
		}
		key := strings.Join(rest, "/")
		rw, ok := rows[key]
		if !ok {
			rw = &row{name: key, impls: map[string][]sample{}}
			rows[key] = rw
			order = append(order, key)
		}
		rw.impls[impl] = append(rw.impls[impl], s)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// Columns: journeymap first, then the others by first appearance.
	var impls []string
	for _, k := range order {
		for im := range rows[k].impls {
			if !slices.Contains(impls, im) {
				impls = append(impls, im)
			}
		}
	}
	slices.SortFunc(impls, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	for _, unit := range []string{"sec/op", "B/op"} {
		fmt.Fprintf(w, "\n| %s (median) |", unit)
		for _, im := range impls {
			fmt.Fprintf(w, " %s |", im)
		}
		fmt.Fprintln(w)
		fmt.Fprint(w, "|---|")
		for range impls {
			fmt.Fprint(w, "---:|")
		}
		fmt.Fprintln(w)
		for _, k := range order {
			rw := rows[k]
			base, hasBase := median(rw.impls["journeymap"], unit)
			fmt.Fprintf(w, "| %s |", rw.name)
			for _, im := range impls {
				v, ok := median(rw.impls[im], unit)
				switch {
				case !ok:
					fmt.Fprint(w, " – |")
				case im == "journeymap" || !hasBase || base == 0:
					fmt.Fprintf(w, " %s |", format(v, unit))
				default:
					fmt.Fprintf(w, " %s (%s×) |", format(v, unit), ratio(v/base))
				}
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

func rank(impl string) int {
	if impl == "journeymap" {
		return 0
	}
	return 1
}

// median returns the median of the unit's values; ns/op is read as sec/op.
func median(ss []sample, unit string) (float64, bool) {
	var vs []float64
	for _, s := range ss {
		if unit == "sec/op" {
			if v, ok := s["ns/op"]; ok {
				vs = append(vs, v/1e9)
			}
			continue
		}
		if v, ok := s[unit]; ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	m := len(vs) / 2
	if len(vs)%2 == 1 {
		return vs[m], true
	}
	return (vs[m-1] + vs[m]) / 2, true
}

func format(v float64, unit string) string {
	if unit == "sec/op" {
		switch {
		case v >= 1:
			return strconv.FormatFloat(v, 'f', 2, 64) + " s"
		case v >= 1e-3:
			return strconv.FormatFloat(v*1e3, 'f', 1, 64) + " ms"
		default:
			return strconv.FormatFloat(v*1e6, 'f', 0, 64) + " µs"
		}
	}
	switch {
	case v >= 1<<30:
		return strconv.FormatFloat(v/(1<<30), 'f', 2, 64) + " GiB"
	case v >= 1<<20:
		return strconv.FormatFloat(v/(1<<20), 'f', 1, 64) + " MiB"
	case v >= 1<<10:
		return strconv.FormatFloat(v/(1<<10), 'f', 0, 64) + " KiB"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " B"
}

func ratio(r float64) string {
	switch {
	case r >= 100:
		return strconv.FormatFloat(r, 'f', 0, 64)
	case r >= 10:
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}
