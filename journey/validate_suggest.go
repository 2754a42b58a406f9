package journey

import (
	"fmt"
	"strings"
)

// suggestBudget bounds the work of suggesting IDs for unknown references,
// in IDs looked at and cells of the edit-distance table, so that a large journey with many
// broken references validates in time linear in its size: past it,
// problems carry no suggestion.
const suggestBudget = 50_000_000

// nearestID returns "; did you mean %q?" naming the ID among ids nearest
// to id, if one is near enough to be a typo (by the rule suggest uses for
// keys, ignoring case, and short of replacing every byte), or "". Of IDs
// equally near it names the first.
func (v *validator) nearestID(id string, n int, ids func(int) string) string {
	if id == "" || len(v.problems) >= maxProblems || len(id) > 64 {
		return ""
	}
	lower := strings.ToLower(id)
	best, bestD := "", 1<<30
	for i := 0; i < n && v.suggestWork < suggestBudget; i++ {
		c := ids(i)
		v.suggestWork++
		if c == "" || len(c) > 64 {
			continue
		}
		if strings.EqualFold(c, id) {
			best, bestD = c, 0
			break
		}
		limit := max(1, min(3, len(c)/3))
		if d := len(c) - len(id); d > limit || -d > limit {
			continue
		}
		lc := strings.ToLower(c)
		v.suggestWork += len(lc) + len(lower)
		if bagDistance(lower, lc) > limit {
			continue // cheaply too far
		}
		d, work := boundedDistance(lower, lc, limit)
		v.suggestWork += work
		// Not a different name altogether: "t" is one edit from "s".
		if d <= limit && d < max(len(id), len(c)) && d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// boundedDistance is editDistance for strings of at most 64 bytes, without
// allocating, except that it stops early with a result above limit once
// every alignment costs more than limit. It also returns the cells of the
// table it computed.
func boundedDistance(a, b string, limit int) (dist, work int) {
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		work += len(b)
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		prev2, prev, cur = prev, cur, prev2
		// A swap reaches back two rows: stop when both are above limit.
		if low > limit && i > 1 && minRow(prev2[:len(b)+1]) > limit {
			return limit + 1, work
		}
	}
	return prev[len(b)], work
}

// bagDistance is a lower bound of the edit distance of a and b: the bytes
// of one that the other lacks, counted with repeats, whichever is more.
func bagDistance(a, b string) int {
	var count [256]int16
	for i := 0; i < len(a); i++ {
		count[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		count[b[i]]--
	}
	more, less := 0, 0
	for i := 0; i < len(a); i++ {
		if c := count[a[i]]; c > 0 {
			more += int(c)
			count[a[i]] = 0 // counted once
		}
	}
	for i := 0; i < len(b); i++ {
		if c := count[b[i]]; c < 0 {
			less -= int(c)
			count[b[i]] = 0
		}
	}
	return max(more, less)
}

func minRow(r []int) int {
	m := r[0]
	for _, x := range r[1:] {
		m = min(m, x)
	}
	return m
}

func (v *validator) nearestPersona(id string) string {
	return v.nearestID(id, len(v.j.Personas), func(i int) string { return v.j.Personas[i].ID })
}

func (v *validator) nearestStage(id string) string {
	return v.nearestID(id, len(v.j.Stages), func(i int) string { return v.j.Stages[i].ID })
}

func (v *validator) nearestTouchpoint(id string) string {
	return v.nearestID(id, len(v.j.Touchpoints), func(i int) string { return v.j.Touchpoints[i].ID })
}

func (v *validator) nearestStep(id string) string {
	return v.nearestID(id, len(v.j.Steps), func(i int) string { return v.j.Steps[i].ID })
}
