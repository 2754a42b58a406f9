package render_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
			t.Errorf("line the journey grammar does not read as meant: %q", l)
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
