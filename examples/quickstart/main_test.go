package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// readme returns the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// blocks returns the README's fenced code blocks of the given language.
func blocks(md, lang string) []string {
	re := regexp.MustCompile("(?ms)^```" + lang + "\n(.*?)^```\n")
	var bs []string
	for _, m := range re.FindAllStringSubmatch(md, -1) {
		bs = append(bs, m[1])
	}
	return bs
}

func TestReadmeStartsWithTheTwoCommands(t *testing.T) {
	sh := blocks(readme(t), "sh")
	want := "go run ./cmd/journeymap analyze examples/sofa/sofa.yaml\ngo test ./...\n"
	if len(sh) == 0 || sh[0] != want || strings.Index(readme(t), "```") != strings.Index(readme(t), "```sh\n"+want) {
		t.Errorf("README.md must start with the two commands:\n%s", want)
	}
}

func TestReadmeShowsThisProgram(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	gos := blocks(readme(t), "go")
	if len(gos) == 0 || gos[0] != string(src) {
		t.Error("the first Go block of README.md is not examples/quickstart/main.go: copy the one into the other")
	}
}

func TestProgram(t *testing.T) {
	md := readme(t)
	t.Chdir(t.TempDir())
	out, err := os.Create("stdout")
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = out
	main()
	os.Stdout = stdout
	out.Close()
	got, _ := os.ReadFile("stdout")
	want := "conversion 20%, critical steps [ad cart paid]\nblocker at cart: only cards are accepted (critical: true)\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(md, "```\n"+want+"```\n") {
		t.Error("README.md does not show what the program prints")
	}
	if dot, err := os.ReadFile("shop.dot"); err != nil || !bytes.HasPrefix(dot, []byte(`digraph "shop"`)) {
		t.Errorf("shop.dot: %v %.20q", err, dot)
	}
}

// The journey in the README's file format section must be a valid journey.
func TestReadmeJourney(t *testing.T) {
	n := 0
	for _, b := range blocks(readme(t), "yaml") {
		_, rest, modeline := strings.Cut(b, "# yaml-language-server: $schema=")
		if modeline {
			_, rest, _ = strings.Cut(rest, "\n")
		} else {
			rest = b
		}
		if !strings.HasPrefix(rest, "id:") {
			continue // the GitHub Actions workflow, the modeline alone
		}
		n++
		j, err := journey.ReadBytes([]byte(b))
		if err == nil {
			err = j.Validate()
		}
		if err != nil {
			t.Errorf("the README's journey is not valid: %v", err)
		}
	}
	if n == 0 {
		t.Error("README.md shows no journey file")
	}
}

// Every file the README links to exists.
func TestReadmeLinks(t *testing.T) {
	re := regexp.MustCompile(`\]\(([^)#]+)\)`)
	for _, m := range re.FindAllStringSubmatch(readme(t), -1) {
		if strings.Contains(m[1], "://") {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", "..", m[1])); err != nil {
			t.Errorf("README.md links to %s: %v", m[1], err)
		}
	}
}

// The README shows what validating examples/broken.yaml reports.
func TestReadmeProblems(t *testing.T) {
	md := readme(t)
	j, err := journey.ReadFile(filepath.Join("..", "broken.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ps journey.Problems
	if !errors.As(j.Validate(), &ps) || len(ps) != 3 {
		t.Fatalf("examples/broken.yaml: want 3 problems, have %v", ps)
	}
	for _, p := range ps {
		p.File = "examples/broken.yaml"
		if !strings.Contains(md, "\n"+p.Error()+"\n") {
			t.Errorf("README.md does not show %s", p.Error())
		}
	}
}

// docs/format.md lists every key of every kind of object, and no other.
func TestFormatDocCoversEveryKey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "format.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string][]string{}
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "## "); ok {
			section = name
		} else if m := regexp.MustCompile("^\\| `([a-z0-9_]+)` \\|").FindStringSubmatch(line); m != nil {
			documented[section] = append(documented[section], m[1])
		}
	}
	for section, v := range map[string]any{
		"journey": journey.Journey{}, "persona": persona.Persona{}, "segment": persona.Segment{},
		"criterion": persona.Criterion{}, "touchpoint": touchpoint.Touchpoint{}, "stage": journey.Stage{},
		"step": journey.Step{}, "barrier": journey.Barrier{}, "transition": journey.Transition{},
		"timing": journey.Timing{}, "observed": journey.Observed{}, "observed segment": journey.ObservedSegment{},
	} {
		var keys []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("yaml"), ",")
			if name != "-" { // Position: where the value was read from, not a key
				keys = append(keys, name)
			}
		}
		if !slices.Equal(documented[section], keys) {
			t.Errorf("docs/format.md, section %s: keys %v, want %v in this order", section, documented[section], keys)
		}
	}
}
