// Command journeymap validates, analyses and renders customer journey maps.
//
// Usage:
//
//	journeymap validate FILE...
//	journeymap analyze FILE [--persona P] [--format text|json|markdown] [--fail-on SEVERITY] [-k N] [-o OUT] [--entry-weight STEP=W]...
//	journeymap render FILE -o OUT [--view flow|map] [--format dot|svg|png|mmd] [--persona P] [--highlight] [--mermaid journey|flowchart] [--no-legend] [--max-steps N] [--width PX] [--scale F] [--font FILE] [--log LOG]
//	journeymap mine LOG [--goal ACT]... [--exit ACT]... [--template JOURNEY] [--min-count N] [--top N] [--collapse] [--window D] [--skip-bad-rows] [--case C] [--activity A] [--time T] [--segment S] [--touchpoint P] [--value V] [-o OUT.yaml|.json] [--summary FILE]
//	journeymap attribute INPUT [--goal ACT]... [--order K] [--format text|json|markdown] [-o OUT]
//	journeymap conform JOURNEY LOG [--fail-below F] [--format text|json|markdown] [--goal ACT]... [--case C] [--activity A] [--time T] [--segment S] [--touchpoint P] [-o OUT]
//	journeymap diff A B [--fail-on-regression] [--persona P] [--format text|json|markdown] [-o OUT]
//	journeymap report FILE -o OUT.html [--log LOG [--case C] [--activity A] [--time T] [--segment S] ...] [--width PX] [--font FILE] [--max-steps N]
//	journeymap completion bash|zsh|fish|powershell
//
// mine learns a journey from an event log (CSV/TSV, JSON Lines, XES,
// Parquet, Excel; gzip unpacked); problems of a log are printed as
// FILE:ROW: code: message. See the package eventlog.
//
// Flags may come before or after FILE; "--" ends the flags. FILE "-" reads
// standard input and "-o -" writes standard output.
//
// The render format follows OUT's extension: .svg, .png, .dot or .mmd, or
// --format (which "-o -" needs). For .mmd, --mermaid chooses the Mermaid
// diagram: journey (the default: one section per stage, one task per step
// scored by emotion) or flowchart (the whole graph, with its branches and
// loops). --view map draws the classic journey map (.svg or .png) instead
// of the flow graph, with the analysis findings marked.
//
// attribute reads a ChannelAttribution path table or an event log (with
// --case, --activity, --time, --segment, --touchpoint and --value naming its
// columns) and attributes its conversions to channels.
//
// conform checks an event log against a designed journey: fitness, the
// moves and activities the journey lacks, the steps no one visits, per
// persona, and the time to convert; render --log draws the same on the
// picture.
//
// Exit status: 0 when all is well, 1 when analyze finds problems at or above
// --fail-on, diff --fail-on-regression finds a regression or conform a
// fitness below --fail-below, 2 for invalid
// input or usage. Problems are printed to standard error as
// FILE:LINE:COL: code: message (FILE:ROW: code: message for event logs and
// path tables).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitInvalid  = 2
)

// subcommands are the subcommands of journeymap, each made by the
// constructor in its own file. Adding a subcommand is adding its file, which
// defines newXCmd(a *app) *cobra.Command, and listing newXCmd here. In it:
//
//   - Args checks the positional arguments (onlyOneFile for one FILE) and
//     ValidArgsFunction completes them (journeyFiles for journeys);
//   - a.loadJourney(file) reads and validates FILE ("-" is standard input)
//     and prints its problems as FILE:LINE:COL: code: message; label(file)
//     is the name to print for FILE; a.openInput(file) opens other inputs
//     (FILE or "-") for reading;
//   - addOutputFlag adds -o OUT, and a.create(out) (streamed, commit or
//     abort) or a.writeOutput(out, data) writes OUT or, for "-", stdout;
//   - addFormatFlag adds --format with its allowed values, and
//     addChoiceFlag any other flag with a fixed set of values;
//   - RunE returns status(code) (exitOK, exitFindings, exitInvalid) once it
//     has said why on a.stderr; any other error it returns is a usage
//     error, printed with the usage, exit status 2.
var subcommands = []func(*app) *cobra.Command{
	newValidateCmd,
	newAnalyzeCmd,
	newRenderCmd,
	newMineCmd,
	newAttributeCmd,
	newConformCmd,
	newDiffCmd,
	newReportCmd,
}

func main() {
	os.Exit(runWithInput(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs journeymap with args, standard input os.Stdin, and returns the
// exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return runWithInput(args, os.Stdin, stdout, stderr)
}

// runWithInput runs journeymap with args and the given standard streams and
// returns the exit status.
func runWithInput(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(&app{stdin: stdin, stdout: stdout, stderr: stderr})
	if len(args) == 0 {
		root.InitDefaultHelpCmd()
		root.InitDefaultCompletionCmd()
		root.SetOut(stderr)
		root.Usage()
		return exitInvalid
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	var code exitCode
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	}
	// Anything else is a usage error: the flags or arguments are wrong.
	fmt.Fprintf(stderr, "%s: %v\n", cmd.CommandPath(), err)
	cmd.SetOut(stderr)
	cmd.Usage()
	return exitInvalid
}

// newRootCmd returns the journeymap command with its subcommands, which read
// and write a's streams.
func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "journeymap",
		Short: "Validate, analyse and render customer journey maps",
		Long: `journeymap validates, analyses and renders customer journey maps.

Problems are printed to standard error as FILE:LINE:COL: code: message.
FILE "-" reads standard input; "-o -" writes standard output.
Exit status: 0 when all is well, 1 when analyze finds problems at or above
--fail-on, diff --fail-on-regression finds a regression or conform a fitness
below --fail-below, 2 for invalid input or usage.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	// Go's own commands say "usage:"; so do the messages of this one.
	root.SetUsageTemplate(strings.NewReplacer(
		"Usage:", "usage:", "Aliases:", "aliases:", "Examples:", "examples:",
		"Available Commands:", "commands:", "Additional Commands:", "additional commands:",
		"Flags:", "flags:", "Global Flags:", "global flags:",
		"Additional help topics:", "additional help topics:",
	).Replace(root.UsageTemplate()))
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	for _, newCmd := range subcommands {
		root.AddCommand(newCmd(a))
	}
	root.SetHelpCommand(newHelpCmd())
	return root
}

// newHelpCmd returns the help command. Unlike cobra's own, which prints
// "Unknown help topic" and exits 0, help for a command that does not exist
// is a usage error (exit 2).
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command in the application.",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, _, err := c.Root().Find(args)
			if err != nil || cmd == nil || (len(args) > 0 && cmd == c.Root()) {
				return fmt.Errorf("unknown help topic %q", strings.Join(args, " "))
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// app holds the standard streams the subcommands read and write.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinUsed      bool // a FILE "-" has been read already
}

// exitCode is the error a subcommand returns to exit with that status after
// it has said why on stderr. Other errors of a subcommand are usage errors:
// they are printed with the usage and give exitInvalid.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// status returns nil for exitOK and the exitCode otherwise.
func status(code int) error {
	if code == exitOK {
		return nil
	}
	return exitCode(code)
}
