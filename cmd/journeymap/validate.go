package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// newValidateCmd returns "journeymap validate FILE...", which checks every
// file, printing each problem to stderr and a one-line summary to stdout.
func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check that each file is a valid journey",
		Long: `Check that each file is a valid journey; print FILE:LINE:COL: code: message
per problem on standard error and a summary on standard output.
FILE "-" reads standard input. Exit status 2 if any file has a problem.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("want at least one FILE")
			}
			return nil
		},
		ValidArgsFunction: journeyFiles,
		RunE: func(_ *cobra.Command, files []string) error {
			return status(a.validate(files))
		},
	}
}

// validate checks files and returns the exit status.
func (a *app) validate(files []string) int {
	problems, bad := 0, 0
	for _, f := range files {
		j, err := a.readJourney(f)
		if err == nil {
			err = j.Validate()
		}
		if err != nil {
			problems += printProblems(a.stderr, label(f), err)
			bad++
		}
	}
	switch {
	case len(files) == 1 && problems == 0:
		fmt.Fprintf(a.stdout, "%s: ok\n", label(files[0]))
	case len(files) == 1:
		fmt.Fprintf(a.stdout, "%s: %s\n", label(files[0]), plural(problems, "problem"))
	default:
		fmt.Fprintf(a.stdout, "%s, %s\n", plural(len(files), "file"), plural(problems, "problem"))
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
