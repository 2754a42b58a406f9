package compare

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/journey"
)

// Nothing a user can pass makes Compare, Structure, Apply or the writers
// panic, and text from the journeys cannot drive a terminal.
func TestHostile(t *testing.T) {
	ctx := context.Background()
	var ps journey.Problems
	if _, err := Compare(ctx, nil, nil, Options{}); !errors.As(err, &ps) || len(ps) != 2 {
		t.Errorf("nil journeys: %v", err)
	}
	if !Structure(nil, nil).Empty() {
		t.Error("Structure(nil, nil) not empty")
	}
	if j, err := Apply(nil, nil); err != nil || j == nil {
		t.Errorf("Apply(nil, nil): %v", err)
	}
	var d *Diff
	if d.WriteText(&bytes.Buffer{}) == nil || d.WriteMarkdown(&bytes.Buffer{}) == nil {
		t.Error("nil diff: no error")
	}
	if !d.Empty() {
		t.Error("nil diff not empty")
	}

	a := read(t, base)
	b := edit(t, "{id: page, stage: s2, touchpoint: site}", "{id: \"pa\\e[2Jge|`x`\", stage: s2, touchpoint: site}",
		"{from: ad, to: page,", "{from: ad, to: \"pa\\e[2Jge|`x`\",", "{from: page, to: pay", "{from: \"pa\\e[2Jge|`x`\", to: pay")
	d = compareT(t, a, b, Options{})
	var txt, md bytes.Buffer
	if err := d.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{txt.String(), md.String()} {
		if strings.Contains(out, "\x1b") {
			t.Errorf("escape character written:\n%s", out)
		}
	}
	if !strings.Contains(md.String(), "`` pa\\x1b[2Jge\\|`x` ``") {
		t.Errorf("markdown code span not escaped:\n%s", md.String())
	}

	// A patch of the wrong kind of value for a journey field.
	if _, err := Apply(a, &Patch{Journey: []FieldChange{{Field: "name", After: 3}, {Field: "steps", After: nil}}}); !errors.As(err, &ps) || len(ps) != 2 {
		t.Errorf("bad journey fields: %v", err)
	}
}
