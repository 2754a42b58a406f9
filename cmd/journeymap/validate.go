package main

import (
	"fmt"
	"io"

	"github.com/journeymap/journeymap/journey"
)

func init() {
	register("validate", command{
		usage: "validate FILE...",
		run:   runValidate,
	})
}

// runValidate checks every file named in args, printing each problem to
// stderr and a one-line summary to stdout.
func runValidate(args []string, stdout, stderr io.Writer) int {
	var files []string
	for i, a := range args {
		if a == "--" {
			files = append(files, args[i+1:]...)
			break
		}
		if a == "-h" || a == "--help" {
			fmt.Fprintln(stdout, "usage: journeymap validate FILE...")
			fmt.Fprintln(stdout, "Checks that each file is a valid journey; prints FILE:LINE:COL: code: message per problem.")
			return exitOK
		}
		if len(a) > 1 && a[0] == '-' {
			fmt.Fprintf(stderr, "journeymap validate: unknown flag %s\nusage: journeymap validate FILE...\n", a)
			return exitInvalid
		}
		files = append(files, a)
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "usage: journeymap validate FILE...")
		return exitInvalid
	}
	problems, bad := 0, 0
	for _, f := range files {
		j, err := journey.ReadFile(f)
		if err == nil {
			err = j.Validate()
		}
		if err != nil {
			problems += printProblems(stderr, f, err)
			bad++
		}
	}
	switch {
	case len(files) == 1 && problems == 0:
		fmt.Fprintf(stdout, "%s: ok\n", files[0])
	case len(files) == 1:
		fmt.Fprintf(stdout, "%s: %s\n", files[0], plural(problems, "problem"))
	default:
		fmt.Fprintf(stdout, "%s, %s\n", plural(len(files), "file"), plural(problems, "problem"))
	}
	if bad > 0 {
		return exitInvalid
	}
	return exitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
