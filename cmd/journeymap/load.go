package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/journeymap/journeymap/journey"
)

// loadJourney reads and validates the journey in the file at path. On any
// problem it prints each to stderr as FILE:LINE:COL: code: message (path),
// or FILE: code: message where the place is unknown, and returns false.
func loadJourney(path string, stderr io.Writer) (*journey.Journey, bool) {
	j, err := journey.ReadFile(path)
	if err == nil {
		err = j.Validate()
	}
	if err == nil {
		return j, true
	}
	printProblems(stderr, path, err)
	return nil, false
}

// printProblems prints err, the error of reading or validating the file at
// path, one problem a line, and returns the number of problems.
func printProblems(w io.Writer, path string, err error) int {
	var ps journey.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			if p.File == "" {
				p.File = path
			}
			fmt.Fprintln(w, p.Error())
		}
		return len(ps)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	fmt.Fprintf(w, "%s: read-error: %v\n", path, err)
	return 1
}
