// Command genjourney writes a generated journey (internal/gen.Generate) to a
// file, for timing the reader and the command line on a large input:
//
//	go run ./bench/genjourney -steps 100000 -o /tmp/j100k.json
//
// The format follows the output's extension (.json, else YAML). With -compact
// the JSON has no indentation, as a machine would write it.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/journeymap/journeymap/internal/gen"
	"github.com/journeymap/journeymap/journey"
)

func main() {
	steps := flag.Int("steps", 100000, "number of steps")
	seed := flag.Uint64("seed", 1, "generator seed")
	out := flag.String("o", "", "output file (.json or .yaml)")
	compact := flag.Bool("compact", false, "write JSON without indentation")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genjourney: -o is required")
		os.Exit(2)
	}
	if err := run(*steps, *seed, *out, *compact); err != nil {
		fmt.Fprintln(os.Stderr, "genjourney:", err)
		os.Exit(1)
	}
}

func run(steps int, seed uint64, out string, compact bool) error {
	j := gen.Generate(gen.Options{Steps: steps, Seed: seed})
	format := journey.YAML
	if filepath.Ext(out) == ".json" {
		format = journey.JSON
	}
	var buf bytes.Buffer
	if err := journey.Write(&buf, j, format); err != nil {
		return err
	}
	data := buf.Bytes()
	if compact && format == journey.JSON {
		var c bytes.Buffer
		if err := json.Compact(&c, data); err != nil {
			return err
		}
		data = append(c.Bytes(), '\n')
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if _, err := w.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Printf("%s: %d steps, %d transitions, %d bytes\n", out, len(j.Steps), len(j.Transitions), len(data))
	return f.Close()
}
