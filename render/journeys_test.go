package render_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/journeymap/journeymap/analysis"
	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/persona"
	"github.com/journeymap/journeymap/touchpoint"
)

// sofa is a small journey of a sofa maker: three personas, four stages (one
// empty), online and offline, direct and indirect touchpoints, barriers, a
// loop back to an earlier stage, an exit and a dead end.
func sofa() *journey.Journey {
	return &journey.Journey{
		ID:      "sofa",
		Name:    "Buying a sofa",
		Purpose: "Raise conversion from the site to the store",
		Personas: []persona.Persona{
			{ID: "family", Name: "Family with children"},
			{ID: "corp", Name: "Corporate client"},
		},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "ads", Name: "Social ads", Channel: touchpoint.Ads, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "reviews", Name: "Review site", Channel: touchpoint.Reviews, Mode: touchpoint.Online, Control: touchpoint.Indirect},
			{ID: "site", Name: "Website", Channel: touchpoint.Site, Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "store", Name: "Showroom", Channel: touchpoint.Store, Mode: touchpoint.Offline, Control: touchpoint.Direct},
			{ID: "friend", Name: "Friends", Channel: touchpoint.WordOfMouth, Mode: touchpoint.Offline, Control: touchpoint.Indirect},
			{ID: "mail", Name: "Newsletter", Channel: touchpoint.Email},
		},
		Stages: []journey.Stage{
			{ID: "aware", Name: "Awareness", Phase: journey.Awareness},
			{ID: "consider", Name: "Choosing a company", Phase: journey.Consideration},
			{ID: "buy", Name: "Purchase", Phase: journey.Purchase},
			{ID: "service", Name: "Warranty service", Phase: journey.Service},
		},
		Steps: []journey.Step{
			{ID: "see-ad", Stage: "aware", Touchpoint: "ads", Action: "Sees an ad", Emotion: 1},
			{ID: "hear", Stage: "aware", Touchpoint: "friend", Action: "Hears from friends", Emotion: 2},
			{ID: "reviews", Stage: "consider", Touchpoint: "reviews", Action: "Reads reviews", Emotion: -1,
				Thoughts: []string{"Is the fabric easy to clean?"}},
			{ID: "browse", Stage: "consider", Touchpoint: "site", Action: "Compares fabrics on the site", Emotion: 0,
				Barriers: []journey.Barrier{{Description: "Slow site", Severity: journey.Medium}}},
			{ID: "quote", Stage: "consider", Action: "Waits for a quote", Emotion: -2, Personas: []string{"corp"}},
			{ID: "visit", Stage: "buy", Touchpoint: "store", Action: "Visits the showroom", Emotion: 1,
				Barriers: []journey.Barrier{{Description: "Price too high", Severity: journey.Blocker, Personas: []string{"family"}}}},
			{ID: "order", Stage: "buy", Touchpoint: "store", Action: "Orders the sofa", Emotion: 2},
			{ID: "leave", Stage: "buy", Touchpoint: "mail", Action: "Unsubscribes", Emotion: -1},
		},
		Transitions: []journey.Transition{
			{From: "see-ad", To: "browse", Label: "clicks the ad", Probability: 0.3},
			{From: "hear", To: "reviews", Count: 120},
			{From: "reviews", To: "browse", Probability: 0.6},
			{From: "browse", To: "visit", Label: "books a visit", Probability: 0.25},
			{From: "browse", To: "quote", Personas: []string{"corp"}},
			{From: "browse", To: "leave", Probability: 0.05},
			{From: "visit", To: "order", Probability: 0.5},
			{From: "visit", To: "reviews", Label: "back to reviews", Probability: 0.2},
		},
		Entries: []string{"see-ad", "hear"},
		Goals:   []string{"order"},
		Exits:   []string{"leave"},
	}
}

// sofaReport is a report for sofa built by hand, as Analyze would give it.
func sofaReport() *analysis.Report {
	return &analysis.Report{
		Journey:           "sofa",
		UnreachableSteps:  []string{},
		UnreachableStages: []string{},
		DeadEnds:          []string{"quote"},
		CriticalSteps:     []string{"browse", "visit", "order"},
		Gaps: []analysis.Gap{
			{Kind: analysis.GapEmptyStage, Stage: "service", Message: "stage \"service\" has no steps"},
		},
		Paths: []analysis.Path{
			{Steps: []string{"see-ad", "browse", "visit", "order"}, Cost: 1010},
		},
	}
}

// nasty is a journey whose every name tries to break the output: quotes,
// backslashes, line breaks, <>, {}, |, #, :, ;, %%, emoji, right-to-left
// text, control characters, invalid UTF-8, Mermaid keywords, Graphviz
// escapes, and IDs that look like the renderer's own.
func nasty() *journey.Journey {
	return &journey.Journey{
		ID:      `nasty "journey" \ {x}`,
		Name:    "title: \"Quotes\" & <b>tags</b> #1; 100%% sure\n\tsecond line",
		Purpose: "Break\\every\\renderer \\N \\G \\l",
		Personas: []persona.Persona{
			{ID: "p,1", Name: "Anna: \"the, boss\"; #1"},
			{ID: "p2", Name: "مريم 👩‍👧"},
			{ID: "p3", Name: "\x00\x1b[31m"},
		},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "t<1>", Name: "Site {beta} | <main>", Channel: "site\"s", Mode: touchpoint.Online, Control: touchpoint.Indirect},
			{ID: "t2", Name: "Store\r\nfront", Mode: touchpoint.Offline},
		},
		Stages: []journey.Stage{
			{ID: "s:1", Name: "section one: #start; %%{init}%%", Phase: "aware\nness"},
			{ID: "s2", Name: "", Phase: journey.Decision},
			{ID: "s3", Name: "\u202eRTL override עברית"},
		},
		Steps: []journey.Step{
			{ID: "a\"b", Stage: "s:1", Touchpoint: "t<1>", Action: "Journey starts here: \"quoted\" \\ back\\slash", Emotion: -7,
				Barriers: []journey.Barrier{{Description: "Price > budget & <script>alert(1)</script>", Severity: journey.Blocker}}},
			{ID: `back\`, Stage: "s:1", Action: "title Keyword task\nwith newline", Emotion: 9, Personas: []string{"p,1", "ghost"}},
			{ID: "jm:anchor0", Stage: "s2", Touchpoint: "t2", Action: "section; looks like a keyword #tag", Emotion: 1},
			{ID: "emoji😀", Stage: "s2", Touchpoint: "missing", Action: "🛋️ buys the sofa 🎉 | {done}", Emotion: 2,
				Barriers: []journey.Barrier{{Description: "", Kind: "trust", Severity: "weird"}}},
			{ID: "ctl\x01\x7f\xff", Stage: "s3", Action: "\x07bell\x1b and DEL\x7f and NUL\x00 and bad \xff byte", Emotion: -1},
			{ID: "orphan", Stage: "no-such-stage", Action: "accDescr { orphan }"},
			{ID: "a\"b", Stage: "s2", Action: "duplicate ID, not drawn"},
			{ID: "", Stage: "s2", Action: "no ID, not drawn"},
			{ID: "%%", Stage: "s3", Action: "%%{init: {'theme':'dark'}}%%", Emotion: 0},
		},
		Transitions: []journey.Transition{
			{From: "a\"b", To: "jm:anchor0", Label: "goes \"on\" -> <next>\n|x|", Probability: 0.123},
			{From: `back\`, To: "jm:anchor0", Label: "-->|end|", Count: 7, Personas: []string{"p,1"}},
			{From: "jm:anchor0", To: "emoji😀", Label: "#quot; ; : %%", Probability: 1},
			{From: "emoji😀", To: "a\"b", Label: "back edge"},
			{From: "emoji😀", To: "ctl\x01\x7f\xff"},
			{From: "ctl\x01\x7f\xff", To: "ctl\x01\x7f\xff", Label: "self loop"},
			{From: "orphan", To: "%%"},
			{From: "a\"b", To: "nowhere", Label: "dangling, not drawn"},
		},
		Entries: []string{"a\"b", `back\`},
		Goals:   []string{"emoji😀"},
		Exits:   []string{"%%"},
	}
}

// nastyReport is a report for nasty built by hand.
func nastyReport() *analysis.Report {
	return &analysis.Report{
		Journey:           "nasty",
		UnreachableSteps:  []string{"ctl\x01\x7f\xff", "orphan", "%%"},
		UnreachableStages: []string{"s3"},
		DeadEnds:          []string{`back\`},
		CriticalSteps:     []string{"jm:anchor0", "emoji😀"},
		Gaps: []analysis.Gap{
			{Kind: analysis.GapSilentStage, Stage: "s3"},
		},
		Paths: []analysis.Path{{Steps: []string{"a\"b", "jm:anchor0", "emoji😀"}}},
	}
}

// layered is a random valid journey of n steps spread evenly over the given
// number of stages, each step leading on to one to three of the next few
// steps, and a share back of the transitions leading back to an earlier
// step. Two personas; some steps and transitions are for one of them only.
func layered(n, stages int, back float64, seed uint64) *journey.Journey {
	r := rand.New(rand.NewPCG(seed, 7))
	j := &journey.Journey{
		ID:       fmt.Sprintf("layered-%d", seed),
		Personas: []persona.Persona{{ID: "p1", Name: "One"}, {ID: "p2", Name: "Two"}},
		Touchpoints: []touchpoint.Touchpoint{
			{ID: "on", Name: "Site", Mode: touchpoint.Online, Control: touchpoint.Direct},
			{ID: "off", Name: "Store", Mode: touchpoint.Offline, Control: touchpoint.Indirect},
		},
		Entries: []string{"s0"},
		Goals:   []string{fmt.Sprintf("s%d", n-1)},
	}
	for i := range stages {
		j.Stages = append(j.Stages, journey.Stage{ID: fmt.Sprintf("st%d", i), Name: fmt.Sprintf("Stage %d", i)})
	}
	tps := []string{"on", "off", ""}
	for i := range n {
		s := journey.Step{
			ID:         fmt.Sprintf("s%d", i),
			Stage:      fmt.Sprintf("st%d", i*stages/n),
			Touchpoint: tps[r.IntN(3)],
			Action:     fmt.Sprintf("does thing %d", i),
			Emotion:    r.IntN(5) - 2,
		}
		if i > 0 && i < n-1 && r.IntN(8) == 0 {
			s.Personas = []string{"p2"}
		}
		if r.IntN(6) == 0 {
			s.Barriers = []journey.Barrier{{Description: "hurdle", Severity: journey.Severities[r.IntN(4)]}}
		}
		j.Steps = append(j.Steps, s)
	}
	for i := range n - 1 {
		for range 1 + r.IntN(3) {
			to := min(n-1, i+1+r.IntN(4))
			if r.Float64() < back {
				to = r.IntN(i + 1)
			}
			tr := journey.Transition{From: fmt.Sprintf("s%d", i), To: fmt.Sprintf("s%d", to), Label: fmt.Sprintf("t%d-%d", i, to)}
			if r.IntN(10) == 0 {
				tr.Personas = []string{"p1"}
			}
			j.Transitions = append(j.Transitions, tr)
		}
	}
	return j
}
