package compare

import (
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// StageDiff compares one stage of A with its match in B: the stage with the
// same ID or, failing that, the next unmatched stage of the same phase (a
// competitor's stages have other IDs). A stage one side lacks has nil
// figures on that side.
type StageDiff struct {
	// Stage is the ID of A's stage, or of B's where A has no match.
	Stage string `json:"stage"`
	// StageAfter is the ID of B's stage where it differs from Stage.
	StageAfter string `json:"stage_after,omitempty"`
	// Phase is the stage's phase (A's, else B's).
	Phase journey.Phase `json:"phase,omitempty"`
	// MatchedBy says how the stages were matched: "id", "phase", or ""
	// where only one side has the stage.
	MatchedBy string `json:"matched_by,omitempty"`
	// ReachBefore is the share of A's entering customers who reach the
	// stage (analysis flow), 0..1; nil where A has no numbers or no such
	// stage.
	ReachBefore *float64 `json:"reach_before"`
	// ReachAfter is the share of B's entering customers who reach the
	// stage, 0..1; nil where B has no numbers or no such stage.
	ReachAfter *float64 `json:"reach_after"`
	// LeaveBefore is the share of A's entering customers who leave the
	// journey at the stage, 0..1; nil where A has no numbers or no such
	// stage.
	LeaveBefore *float64 `json:"leave_before"`
	// LeaveAfter is the share of B's entering customers who leave the
	// journey at the stage, 0..1; nil where B has no numbers or no such
	// stage.
	LeaveAfter *float64 `json:"leave_after"`
	// EmotionBefore is the mean emotion of the stage's steps in A; nil
	// where it has none there or A lacks the stage.
	EmotionBefore *float64 `json:"emotion_before"`
	// EmotionAfter is the mean emotion of the stage's steps in B; nil
	// where it has none there or B lacks the stage.
	EmotionAfter *float64 `json:"emotion_after"`
	// Before profiles the stage in A; nil where A lacks it.
	Before *StageProfile `json:"profile_before"`
	// After profiles the stage in B; nil where B lacks it.
	After *StageProfile `json:"profile_after"`
	// Note points out where one side is present and the other is silent.
	Note string `json:"note,omitempty"`
}

// StageProfile is what one journey offers at one stage.
type StageProfile struct {
	// Steps counts the stage's steps.
	Steps int `json:"steps"`
	// Touchpoints counts the distinct touchpoints of the stage's steps;
	// each is also counted by mode (online, offline, not given) and by
	// control (direct, indirect, not given).
	Touchpoints int `json:"touchpoints"`
	// Online counts those touchpoints whose mode is online.
	Online int `json:"online"`
	// Offline counts those touchpoints whose mode is offline.
	Offline int `json:"offline"`
	// Direct counts those touchpoints whose control is direct.
	Direct int `json:"direct"`
	// Indirect counts those touchpoints whose control is indirect.
	Indirect int `json:"indirect"`
	// Barriers counts the barriers of the stage's steps by severity.
	Barriers BarrierCounts `json:"barriers"`
	// Silent reports that no step of the stage has a touchpoint.
	Silent bool `json:"silent"`
}

// BarrierCounts counts barriers by severity.
type BarrierCounts struct {
	// Low counts the barriers of low severity.
	Low int `json:"low"`
	// Medium counts the barriers of medium severity.
	Medium int `json:"medium"`
	// High counts the barriers of high severity.
	High int `json:"high"`
	// Blocker counts the barriers of blocker severity.
	Blocker int `json:"blocker"`
}

func (c *BarrierCounts) add(s journey.Severity) {
	switch s {
	case journey.Low:
		c.Low++
	case journey.Medium:
		c.Medium++
	case journey.High:
		c.High++
	case journey.Blocker:
		c.Blocker++
	}
}

// stagePair is a stage of A and its match in B, by index; -1 for none.
type stagePair struct {
	a, b int
	by   string
}

// matchStages matches A's stages with B's: by ID, then each unmatched
// stage of A with the first unmatched stage of B of the same phase. The
// pairs are in B's order, each stage only A has placed after the stage
// before it in A.
func matchStages(a, b []journey.Stage) []stagePair {
	bi := make(map[string]int, len(b))
	for i, s := range b {
		if _, dup := bi[s.ID]; !dup {
			bi[s.ID] = i
		}
	}
	matchA := make([]int, len(a))
	matchB := make([]int, len(b))
	by := make([]string, len(a))
	for i := range matchB {
		matchB[i] = -1
	}
	for i, s := range a {
		matchA[i] = -1
		if j, ok := bi[s.ID]; ok && matchB[j] < 0 {
			matchA[i], matchB[j], by[i] = j, i, "id"
		}
	}
	byPhase := map[journey.Phase][]int{}
	for j, s := range b {
		if matchB[j] < 0 && s.Phase != "" {
			byPhase[s.Phase] = append(byPhase[s.Phase], j)
		}
	}
	for i, s := range a {
		if q := byPhase[s.Phase]; matchA[i] < 0 && s.Phase != "" && len(q) > 0 {
			matchA[i], matchB[q[0]], by[i] = q[0], i, "phase"
			byPhase[s.Phase] = q[1:]
		}
	}
	var out []stagePair
	emitted := make([]bool, len(a))
	// emitA emits A's unmatched stages from i on, up to the next matched one.
	emitA := func(i int) {
		for ; i < len(a) && matchA[i] < 0 && !emitted[i]; i++ {
			emitted[i] = true
			out = append(out, stagePair{i, -1, ""})
		}
	}
	emitA(0)
	for j := range b {
		i := matchB[j]
		if i < 0 {
			out = append(out, stagePair{-1, j, ""})
			continue
		}
		emitted[i] = true
		out = append(out, stagePair{i, j, by[i]})
		emitA(i + 1)
	}
	for i := range a {
		if !emitted[i] {
			emitA(i)
		}
	}
	return out
}

// compareStages compares the stages of a and b.
func compareStages(a, b *journey.Journey, oa, ob outcome) []StageDiff {
	pa, pb := profiles(a), profiles(b)
	out := []StageDiff{}
	for _, m := range matchStages(a.Stages, b.Stages) {
		var sd StageDiff
		if m.a >= 0 {
			s := a.Stages[m.a]
			sd.Stage, sd.Phase = s.ID, s.Phase
			sd.Before = pa.profile[m.a]
			sd.EmotionBefore = pa.emotion(m.a)
			if f, ok := oa.stages[s.ID]; ok {
				sd.ReachBefore, sd.LeaveBefore = ptr(f.reach), ptr(f.leave)
			}
		}
		if m.b >= 0 {
			s := b.Stages[m.b]
			if sd.Stage == "" {
				sd.Stage, sd.Phase = s.ID, s.Phase
			} else if s.ID != sd.Stage {
				sd.StageAfter = s.ID
			}
			sd.After = pb.profile[m.b]
			sd.EmotionAfter = pb.emotion(m.b)
			if f, ok := ob.stages[s.ID]; ok {
				sd.ReachAfter, sd.LeaveAfter = ptr(f.reach), ptr(f.leave)
			}
		}
		sd.MatchedBy = m.by
		sd.Note = silenceNote(sd.Before, sd.After)
		out = append(out, sd)
	}
	return out
}

// Notes of StageDiff.
const (
	NoteSilentBefore = "the after journey is present here and the before journey is silent"
	NoteSilentAfter  = "the before journey is present here and the after journey is silent"
)

func silenceNote(a, b *StageProfile) string {
	present := func(p *StageProfile) bool { return p != nil && !p.Silent }
	switch {
	case present(b) && !present(a):
		return NoteSilentBefore
	case present(a) && !present(b):
		return NoteSilentAfter
	}
	return ""
}

func ptr(f float64) *float64 { return &f }

// stageProfiles holds the profile and emotion sum of each stage of a journey.
type stageProfiles struct {
	profile []*StageProfile
	emoSum  []int
}

func (p *stageProfiles) emotion(i int) *float64 {
	if p.profile[i].Steps == 0 {
		return nil
	}
	return ptr(float64(p.emoSum[i]) / float64(p.profile[i].Steps))
}

// profiles profiles every stage of j in one pass over its steps.
func profiles(j *journey.Journey) *stageProfiles {
	p := &stageProfiles{profile: make([]*StageProfile, len(j.Stages)), emoSum: make([]int, len(j.Stages))}
	stage := make(map[string]int, len(j.Stages))
	for i, s := range j.Stages {
		p.profile[i] = &StageProfile{Silent: true}
		if _, dup := stage[s.ID]; !dup {
			stage[s.ID] = i
		}
	}
	tps := make(map[string]*touchpoint.Touchpoint, len(j.Touchpoints))
	for i := range j.Touchpoints {
		tps[j.Touchpoints[i].ID] = &j.Touchpoints[i]
	}
	seen := map[[2]string]bool{}
	for _, s := range j.Steps {
		i, ok := stage[s.Stage]
		if !ok {
			continue
		}
		pr := p.profile[i]
		pr.Steps++
		p.emoSum[i] += s.Emotion
		for _, b := range s.Barriers {
			pr.Barriers.add(b.Severity)
		}
		if s.Touchpoint == "" {
			continue
		}
		pr.Silent = false
		k := [2]string{s.Stage, s.Touchpoint}
		if seen[k] {
			continue
		}
		seen[k] = true
		pr.Touchpoints++
		if tp := tps[s.Touchpoint]; tp != nil {
			switch tp.Mode {
			case touchpoint.Online:
				pr.Online++
			case touchpoint.Offline:
				pr.Offline++
			}
			switch tp.Control {
			case touchpoint.Direct:
				pr.Direct++
			case touchpoint.Indirect:
				pr.Indirect++
			}
		}
	}
	return p
}
