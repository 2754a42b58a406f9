package render_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render"
)

// The lines of a Mermaid journey diagram as its grammar (journey.jison)
// reads them: title and section end at '#', ';' (and ':' for sections), a
// task name at ':', '#' or ';', actors are split at ','. "%%" anywhere
// would start a comment.
var (
	journeyTitle   = regexp.MustCompile(`^    title [^#\n;]*[^#\n;\s][^#\n;]*$`)
	journeySection = regexp.MustCompile(`^    section [^#:\n;]*[^#:\n;\s][^#:\n;]*$`)
	journeyTask    = regexp.MustCompile(`^      ([^#:\n;]+): ([1-5])(: [^#:\n;,]+(, [^#:\n;,]+)*)?$`)
)

// checkJourneyGrammar checks that every line of a journey diagram is one
// the grammar reads as meant.
func checkJourneyGrammar(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	assert.Equal(t, "journey", lines[0])
	assert.NotContains(t, out, "%%")
	for _, l := range lines[1:] {
		switch {
		case journeyTitle.MatchString(l), journeySection.MatchString(l):
		case journeyTask.MatchString(l):
			name := strings.ToLower(strings.TrimSpace(journeyTask.FindStringSubmatch(l)[1]))
			for _, k := range []string{"journey", "title", "section", "acctitle", "accdescr"} {
				assert.False(t, strings.HasPrefix(name, k), "task starts with keyword %q: %q", k, l)
			}
		default:
			assert.Fail(t, "line the journey grammar does not read as meant", "%q", l)
		}
	}
}

// A flowchart's quoted text may hold no '"', and '#' only in entity codes;
// '<' and '>' only in <br/>.
var (
	flowQuoted = regexp.MustCompile(`"([^"\n]*)"`)
	flowEntity = regexp.MustCompile(`#(quot|lt|gt|amp|[0-9]+);`)
	flowLine   = regexp.MustCompile(`^(---|title: .*|flowchart LR|    subgraph s(\d+|x)\[".*"\]|    end|        [ne]\d+(\(".*"\)|\{\{".*"\}\}|\(\[".*"\]\)|\[".*"\])|    n\d+ (-->|==>|-\.->)(\|".*"\|)? n\d+|    classDef [a-z_0-9]+ [a-z-]+:[^;]*|    class [ne]\d+(,[ne]\d+)* [a-z_0-9]+|    linkStyle \d+(,\d+)* [^;]*)$`)
)

func checkFlowchartGrammar(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !assert.Regexp(t, flowLine, l) {
			continue
		}
		if strings.HasPrefix(l, "title: ") {
			continue // a JSON string, which YAML reads
		}
		for _, m := range flowQuoted.FindAllStringSubmatch(l, -1) {
			text := flowEntity.ReplaceAllString(m[1], "")
			text = strings.ReplaceAll(text, "<br/>", "")
			assert.NotContains(t, text, "#", "line %q", l)
			assert.NotContains(t, text, "<", "line %q", l)
			assert.NotContains(t, text, ">", "line %q", l)
			assert.NotContains(t, text, "%", "line %q", l)
			assert.NotContains(t, text, "`", "line %q", l)
		}
	}
}

// TestMermaidRealParser runs Mermaid's own parser (in Node, with jsdom) on
// the golden Mermaid files and on random journeys. It runs only when
// JOURNEYMAP_MERMAID_MODULES names a directory whose node_modules hold
// mermaid and jsdom (npm install mermaid jsdom there).
func TestMermaidRealParser(t *testing.T) {
	dir := os.Getenv("JOURNEYMAP_MERMAID_MODULES")
	if dir == "" {
		t.Skip("JOURNEYMAP_MERMAID_MODULES not set")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.mmd.golden"))
	require.NoError(t, err)
	tmp := t.TempDir()
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 100 {
		j := randomJourney(r)
		for k, fn := range []func(io.Writer, *journey.Journey, render.Options) error{render.Mermaid, render.MermaidFlowchart} {
			var b bytes.Buffer
			require.NoError(t, fn(&b, j, render.Options{}))
			path := filepath.Join(tmp, fmt.Sprintf("random%d-%d.mmd", i, k))
			require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
			files = append(files, path)
		}
	}
	out, err := exec.Command(node, append([]string{filepath.Join("testdata", "mermaid-check.mjs"), dir}, files...)...).CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		assert.True(t, strings.HasPrefix(line, "OK "), line)
	}
	require.NoError(t, err, "%s", out)
	assert.Equal(t, len(files), strings.Count(string(out), "OK "))
}
