package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journeymap/journeymap/journey"
)

// stdinName is the FILE that names standard input on the command line.
const stdinName = "-"

// stdinLabel is how problems of a journey read from standard input name it.
const stdinLabel = "<stdin>"

// label returns the name problems of FILE are printed with.
func label(file string) string {
	if file == stdinName {
		return stdinLabel
	}
	return file
}

// readJourney reads the journey in FILE, or on standard input when FILE is
// "-", without validating it. Standard input can be read once per run.
func (a *app) readJourney(file string) (*journey.Journey, error) {
	if file != stdinName {
		return journey.ReadFile(file)
	}
	r, err := a.openInput(file)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return journey.Read(r)
}

// openInput opens FILE for reading, or standard input when FILE is "-",
// which can be read once per run. For inputs other than journeys (event
// logs); print its errors under label(file).
func (a *app) openInput(file string) (io.ReadCloser, error) {
	if file != stdinName {
		return os.Open(file)
	}
	if a.stdinUsed {
		return nil, errors.New("standard input (-) was read already")
	}
	a.stdinUsed = true
	return io.NopCloser(a.stdin), nil
}

// loadJourney reads and validates the journey in FILE (standard input for
// "-"). On any problem it prints each to stderr as FILE:LINE:COL: code:
// message, or FILE: code: message where the place is unknown, and returns
// false.
func (a *app) loadJourney(file string) (*journey.Journey, bool) {
	j, err := a.readJourney(file)
	if err == nil {
		err = j.Validate()
	}
	if err == nil {
		return j, true
	}
	printProblems(a.stderr, label(file), err)
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

// writeOutput writes data to OUT, or to standard output when OUT is "-" or
// empty. A file is written whole or not at all (see create).
func (a *app) writeOutput(out string, data []byte) error {
	f, err := a.create(out)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.abort()
		return err
	}
	return f.commit()
}

// outFile is an output being written: standard output, or a temporary file
// next to OUT that commit renames over OUT, so that readers never see a
// half-written file and a failure leaves OUT as it was.
type outFile struct {
	*bufio.Writer
	tmp    *os.File // nil for standard output and direct writes
	direct *os.File // OUT itself, when it is not a regular file
	path   string
}

// create opens OUT for writing; "-" or "" is standard output. The caller
// calls commit when all is written, or abort.
func (a *app) create(out string) (*outFile, error) {
	if out == "" || out == stdinName {
		return &outFile{Writer: bufio.NewWriterSize(a.stdout, 64<<10)}, nil
	}
	if st, err := os.Stat(out); err == nil && !st.Mode().IsRegular() {
		// A device or a named pipe (/dev/null, /dev/stdout, a FIFO): a
		// rename would replace it with a regular file, so write to it.
		f, err := os.OpenFile(out, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", out, err)
		}
		return &outFile{Writer: bufio.NewWriterSize(f, 64<<10), direct: f, path: out}, nil
	}
	dir, base := filepath.Split(out)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot write %s: %w", out, err)
	}
	return &outFile{Writer: bufio.NewWriterSize(tmp, 64<<10), tmp: tmp, path: out}, nil
}

// commit flushes what was written and, for a file, renames it over OUT.
func (o *outFile) commit() (err error) {
	if o.direct != nil {
		err = o.Flush()
		if cerr := o.direct.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", o.path, err)
		}
		return nil
	}
	if o.tmp == nil {
		return o.Flush()
	}
	defer func() {
		if err != nil {
			o.abort()
		}
	}()
	if err = o.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	if err = o.tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	if err = o.tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", o.path, err)
	}
	if err = os.Rename(o.tmp.Name(), o.path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("cannot write %s: %w", o.path, err)
	}
	return nil
}

// abort removes the temporary file of a file output.
func (o *outFile) abort() {
	if o.direct != nil {
		o.direct.Close()
	}
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
	}
}

// addOutputFlag adds -o/--output to cmd, stored in out; def is its default.
func addOutputFlag(cmd *cobra.Command, out *string, def, usage string) {
	cmd.Flags().StringVarP(out, "output", "o", def, usage)
}

// choice is a flag value that must be one of a fixed list; shells complete
// it from the list.
type choice struct {
	value   string
	choices []string
}

// addChoiceFlag adds the flag name to cmd, with default def (which may be ""
// for none) and the allowed values choices, and returns its value.
func addChoiceFlag(cmd *cobra.Command, name, def, usage string, choices ...string) *choice {
	c := &choice{value: def, choices: choices}
	cmd.Flags().Var(c, name, usage)
	cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return choices, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// addFormatFlag adds the shared --format flag to cmd: the output format, one
// of formats, with default def ("" for none).
func addFormatFlag(cmd *cobra.Command, def string, formats ...string) *choice {
	return addChoiceFlag(cmd, "format", def, "output `format`: "+orList(formats), formats...)
}

func (c *choice) String() string { return c.value }
func (c *choice) Type() string   { return "string" }

// Set sets the value, if it is one of the choices.
func (c *choice) Set(s string) error {
	if !slices.Contains(c.choices, s) {
		return fmt.Errorf("want %s", orList(c.choices))
	}
	c.value = s
	return nil
}

// orList returns "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// journeyFiles completes FILE arguments: journey files (YAML or JSON) and
// directories.
func journeyFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
}

// onlyOneFile is the positional-argument check of the subcommands that take
// exactly one FILE.
func onlyOneFile(_ *cobra.Command, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("want exactly one FILE, have %d", len(args))
	}
	return nil
}

// completePersonas completes --persona with the persona IDs of the journey
// in the FILE already on the command line, if it can be read.
func (a *app) completePersonas(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 || args[0] == stdinName {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	j, err := journey.ReadFile(args[0])
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ids := make([]string, 0, len(j.Personas))
	for _, p := range j.Personas {
		ids = append(ids, p.ID)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}
