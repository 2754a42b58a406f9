package journey

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBoundedDistanceMatchesEditDistance checks the allocation-free distance
// against editDistance, the one unknown keys use, on random short strings.
func TestBoundedDistanceMatchesEditDistance(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	word := func() string {
		var b strings.Builder
		for n := r.IntN(12); n > 0; n-- {
			b.WriteByte("abcde-"[r.IntN(6)])
		}
		return b.String()
	}
	for i := 0; i < 20000; i++ {
		a, b := word(), word()
		want := editDistance(a, b)
		require.LessOrEqual(t, bagDistance(a, b), want, "%q %q", a, b)
		got, _ := boundedDistance(a, b, 64)
		require.Equal(t, want, got, "%q %q", a, b)
		for limit := 0; limit < 4; limit++ {
			got, _ := boundedDistance(a, b, limit)
			if want <= limit {
				require.Equal(t, want, got, "%q %q within %d", a, b, limit)
			} else {
				require.Greater(t, got, limit, "%q %q beyond %d", a, b, limit)
			}
		}
	}
	assert.Equal(t, 3, bagDistance("aab", "abbbx")) // b, b, x missing from the first, one a from the second
	long := strings.Repeat("x", 64)
	d, _ := boundedDistance(long, "", 64)
	assert.Equal(t, 64, d)
}

// TestNearestIDMatchesBruteForce checks the suggestion against a plain
// search of every ID: the nearest by editDistance (ignoring case), the first
// of equals, within the threshold of unknown keys and not a replacement of
// every byte.
func TestNearestIDMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	word := func() string {
		var b strings.Builder
		for n := 1 + r.IntN(9); n > 0; n-- {
			b.WriteByte("abcdAB"[r.IntN(6)])
		}
		return b.String()
	}
	for i := 0; i < 3000; i++ {
		ids := make([]string, r.IntN(8))
		for k := range ids {
			ids[k] = word()
		}
		id := word()
		v := &validator{j: &Journey{}}
		got := v.nearestID(id, len(ids), func(k int) string { return ids[k] })
		want, bestD := "", 1<<30
		for _, c := range ids {
			if strings.EqualFold(c, id) {
				want, bestD = c, -1
				break
			}
			d := editDistance(strings.ToLower(id), strings.ToLower(c))
			if d <= max(1, min(3, len(c)/3)) && d < max(len(id), len(c)) && d < bestD {
				want, bestD = c, d
			}
		}
		if want != "" {
			want = `; did you mean "` + want + `"?`
		}
		require.Equal(t, want, got, "%q among %q", id, ids)
	}
}

func TestUnknownReferencesSuggest(t *testing.T) {
	src := validBase
	for _, r := range [][2]string{
		{"    touchpoint: t\n", "    touchpoint: T\n"},
		{"    stage: s\n    touchpoint", "    stage: ss\n    touchpoint"},
		{"    to: b\n", "    to: bb\n    personas: [pp]\n"},
		{"exits: []", "exits: [A]"},
	} {
		require.Contains(t, src, r[0])
		src = strings.Replace(src, r[0], r[1], 1)
	}
	j, err := ReadBytes([]byte(src))
	require.NoError(t, err)
	ps := problemsOf(t, j.Validate())
	msgs := map[string]string{}
	for _, p := range ps {
		msgs[p.Path] = p.Message
	}
	assert.Equal(t, `no stage has the id "ss"; did you mean "s"?`, msgs["steps[0].stage"])
	assert.Equal(t, `no touchpoint has the id "T"; did you mean "t"?`, msgs["steps[0].touchpoint"])
	assert.Equal(t, `no step has the id "bb"; did you mean "b"?`, msgs["transitions[0].to"])
	assert.Equal(t, `no persona has the id "pp"; did you mean "p"?`, msgs["transitions[0].personas[0]"])
	assert.Equal(t, `no step has the id "A"; did you mean "a"?`, msgs["exits[0]"])
}

// TestSuggestBudget checks that a large journey full of broken references
// stops suggesting rather than compare every reference with every ID.
func TestSuggestBudget(t *testing.T) {
	j := &Journey{ID: "big", Stages: []Stage{{ID: "s"}}, Entries: []string{"step-000000"}, Goals: []string{"step-000001"}}
	for i := 0; i < 100000; i++ {
		j.Steps = append(j.Steps, Step{ID: "step-" + strings.Repeat("0", 6-len(itoa(i))) + itoa(i), Stage: "s"})
	}
	for i := 0; i < 2000; i++ {
		j.Transitions = append(j.Transitions, Transition{From: j.Steps[i].ID, To: "stap" + j.Steps[i].ID[4:]})
	}
	ps := problemsOf(t, j.Validate())
	require.Len(t, ps, maxProblems+1)
	suggested := 0
	for _, p := range ps {
		if strings.Contains(p.Message, "did you mean") {
			suggested++
		}
	}
	assert.Greater(t, suggested, 10, "the first problems get suggestions")
	assert.Less(t, suggested, maxProblems-1, "until the budget runs out")
	assert.Contains(t, ps[1].Message, `no step has the id "stap-000000"; did you mean "step-000000"?`)
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		i /= 10
		if i == 0 {
			return s
		}
	}
}
