// Command journeymap validates, analyses and renders customer journey maps.
//
// Usage:
//
//	journeymap validate FILE...
//	journeymap analyze FILE [--persona P] [--format text|json|markdown] [--fail-on SEVERITY] [-k N] [--entry-weight STEP=W]...
//	journeymap render FILE -o OUT [--persona P] [--highlight] [--mermaid journey|flowchart] [--no-legend] [--max-steps N]
//
// The render format follows OUT's extension: .svg, .png, .dot or .mmd. For
// .mmd, --mermaid chooses the Mermaid diagram: journey (the default: one
// section per stage, one task per step scored by emotion) or flowchart (the
// whole graph, with its branches and loops).
//
// Exit status: 0 when all is well, 1 when analyze finds problems at or above
// --fail-on, 2 for invalid input or usage. Problems are printed to standard
// error as FILE:LINE:COL: code: message.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitInvalid  = 2
)

// command is one subcommand. Each lives in its own file and registers itself.
type command struct {
	usage string
	run   func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "journeymap: unknown command %q\n", args[0])
		usage(stderr)
		return exitInvalid
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  journeymap %s\n", commands[n].usage)
	}
}
