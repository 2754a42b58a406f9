package render

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/journeymap/journeymap/compare"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/journey/journeytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const diffBefore = `id: shop
stages: [{id: s1, name: Look}, {id: s2, name: Buy}, {id: old, name: Old stage}]
steps:
  - {id: ad, stage: s1}
  - {id: page, stage: s1, action: reads}
  - {id: call, stage: old}
  - {id: pay, stage: s2}
transitions:
  - {from: ad, to: page, probability: 0.5}
  - {from: page, to: call}
  - {from: call, to: pay}
  - {from: page, to: pay, probability: 0.5}
entries: [ad]
goals: [pay]
`

const diffAfter = `id: shop
stages: [{id: s1, name: Look}, {id: s2, name: Buy}]
steps:
  - {id: ad, stage: s1}
  - {id: page, stage: s1, action: compares, emotion: 1}
  - {id: wallet, stage: s2}
  - {id: pay, stage: s2}
transitions:
  - {from: ad, to: page, probability: 0.5}
  - {from: page, to: wallet}
  - {from: wallet, to: pay}
  - {from: page, to: pay, probability: 0.4}
entries: [ad]
goals: [pay]
`

func diffOf(t *testing.T) *compare.Diff {
	t.Helper()
	a, err := journey.Read(strings.NewReader(diffBefore))
	if err != nil {
		t.Fatal(err)
	}
	b, err := journey.Read(strings.NewReader(diffAfter))
	if err != nil {
		t.Fatal(err)
	}
	d, err := compare.Compare(context.Background(), a, b, compare.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDiffDOT: added parts green, removed red and dashed, changed amber;
// removed steps keep their stage, which the after journey lacks.
func TestDiffDOT(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, DiffDOT(&buf, diffOf(t), Options{}))
	dot := buf.String()
	journeytest.Golden(t, "testdata/diff.dot.golden", buf.Bytes())
	node := func(id string) string {
		m := regexp.MustCompile(`(?m)^\t\t"` + id + `" \[.*$`).FindString(dot)
		require.NotEmpty(t, m, "no node %s in\n%s", id, dot)
		return m
	}
	edge := func(from, to string) string {
		m := regexp.MustCompile(`(?m)^\t"` + from + `" -> "` + to + `".*$`).FindString(dot)
		require.NotEmpty(t, m, "no edge %s -> %s in\n%s", from, to, dot)
		return m
	}
	for _, c := range []struct{ got, want string }{
		{node("wallet"), `color="` + colorAdded},
		{node("wallet"), "ADDED"},
		{node("call"), `color="` + colorRemoved},
		{node("call"), "dashed"},
		{node("page"), `color="` + colorChanged},
		{edge("page", "wallet"), colorAdded},
		{edge("call", "pay"), "style=dashed"},
		{edge("call", "pay"), colorRemoved},
		{edge("page", "pay"), colorChanged},
	} {
		assert.Contains(t, c.got, c.want)
	}
	for _, id := range []string{"ad", "pay"} {
		n := node(id)
		for _, c := range []string{colorAdded, colorRemoved, colorChanged} {
			assert.NotContains(t, n, c, "unchanged step marked")
		}
	}
	assert.Contains(t, dot, "Old stage", "the removed stage is not drawn")
	assert.Error(t, DiffDOT(&buf, nil, Options{}), "nil diff")
}
