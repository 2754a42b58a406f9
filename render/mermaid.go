package render

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/touchpoint"
)

// Mermaid writes j to w as a Mermaid user journey diagram: the journey's
// name as its title, one section per stage in order, and one task per step,
//
//	Task name: score: actor, actor
//
// where the task is the step's action, the score its emotion mapped from
// -2..+2 to 1..5, and the actors the names of the personas who take it (all
// of them when the step names none; only opts.Persona's when it is set).
//
// Mermaid's journey grammar ends a name at ':', ';', '#' and a line break and
// reads "%%" as a comment, and splits actors at ','. Those characters are
// replaced by spaces, runs of '%' shortened to one, and a name that would
// start with a keyword of the grammar (journey, title, section, accTitle,
// accDescr) is preceded by an invisible zero-width space. A stage with no
// steps keeps its (empty) section, which the grammar accepts. Steps of
// unknown stages come last, under "(unknown stage)".
//
// The journey diagram cannot show branching, touchpoints or findings; use
// MermaidFlowchart for those. Mermaid ignores opts.Report and opts.NoLegend.
// It fails only when j is nil, when opts.Persona names no persona of j (both
// reported as journey.Problems), or when w fails.
func Mermaid(w io.Writer, j *journey.Journey, opts Options) error {
	v, err := newView(j, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("journey\n")
	bw.WriteString("    title ")
	bw.WriteString(nonEmpty(mermaidJourneyText(v.title(), false), "Customer journey"))
	bw.WriteByte('\n')
	all := make([]string, 0, len(v.j.Personas))
	for _, p := range v.j.Personas {
		all = append(all, p.ID)
	}
	section := func(name string, steps []int) {
		bw.WriteString("    section ")
		bw.WriteString(name)
		bw.WriteByte('\n')
		for _, i := range steps {
			s := &v.j.Steps[i]
			name := mermaidJourneyText(v.action(i), false)
			if name == "" {
				name = mermaidJourneyText(s.ID, false)
			}
			name = nonEmpty(name, "step "+strconv.Itoa(i+1))
			bw.WriteString("      ")
			bw.WriteString(mermaidTaskName(name))
			bw.WriteString(": ")
			bw.WriteString(strconv.Itoa(emotion(s.Emotion) + 3))
			ids := s.Personas
			if len(ids) == 0 {
				ids = all
			}
			sep := ": "
			for _, a := range v.personaNames(ids) {
				if a = mermaidJourneyText(a, true); a != "" {
					bw.WriteString(sep)
					bw.WriteString(a)
					sep = ", "
				}
			}
			bw.WriteByte('\n')
		}
	}
	for i := range v.j.Stages {
		name := nonEmpty(mermaidJourneyText(v.stageTitle(i), false), "stage "+strconv.Itoa(i+1))
		section(name, v.members[i])
	}
	if rest := v.members[len(v.j.Stages)]; len(rest) > 0 {
		section("(unknown stage)", rest)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: writing Mermaid: %w", err)
	}
	return nil
}

func nonEmpty(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// MermaidFlowchart writes j to w as a Mermaid "flowchart LR": the journey's
// name as the title, one subgraph per stage in order (an empty stage shows
// "no steps"), one node per step and one edge per transition, so that
// branches and loops show. Nodes are named n0, n1, ... by step index and
// subgraphs s0, s1, ... by stage index; labels are quoted, with Mermaid's
// entity codes for the characters its grammar would read ('"' as #quot;,
// '#' as #35;, '<' as #lt;, ...) and <br/> for line breaks.
//
// A step shows its markers (entry, goal, exit, and with opts.Report the
// findings), its action, touchpoint and barriers; its shape tells the
// touchpoint's mode (online: rounded, offline: hexagon, else a stadium) and
// classDefs give it its emotion colour, its line (indirect: dashed, no
// touchpoint: dotted) and its worst barrier. With opts.Report, unreachable
// steps are greyed and their transitions dotted, dead ends and critical
// steps with barriers get a red border, critical steps a thick one, and the
// best path's transitions are thick and blue.
//
// It fails only when j is nil, when opts.Persona names no persona of j (both
// reported as journey.Problems), or when w fails.
func MermaidFlowchart(w io.Writer, j *journey.Journey, opts Options) error {
	v, err := newView(j, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	f := &flowWriter{w: bw, v: v, opts: opts}
	f.write()
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: writing Mermaid: %w", err)
	}
	return nil
}

// flowClass is a classDef of the flowchart. They are written in this order,
// so that later ones win where their CSS overlaps.
type flowClass int

const (
	classEmoM2 flowClass = iota
	classEmoM1
	classEmo0
	classEmoP1
	classEmoP2
	classIndirect
	classSilent
	classLow
	classMedium
	classHigh
	classBlocker
	classEntry
	classGoal
	classExit
	classDeadEnd
	classCritical
	classCritBarrier
	classUnreachable
	classEmpty
	numFlowClasses
)

var flowClasses = [numFlowClasses]struct{ name, css string }{
	{"emo_m2", "fill:" + emotionFill[0] + ",color:#1a1a1a"},
	{"emo_m1", "fill:" + emotionFill[1] + ",color:#1a1a1a"},
	{"emo_0", "fill:" + emotionFill[2] + ",color:#1a1a1a"},
	{"emo_p1", "fill:" + emotionFill[3] + ",color:#1a1a1a"},
	{"emo_p2", "fill:" + emotionFill[4] + ",color:#1a1a1a"},
	{"indirect", "stroke-dasharray:6 4"},
	{"silent", "stroke-dasharray:2 3"},
	{"sev_low", "stroke:" + colorLow + ",stroke-width:2px"},
	{"sev_medium", "stroke:" + colorMedium + ",stroke-width:2px"},
	{"sev_high", "stroke:" + colorHigh + ",stroke-width:2px"},
	{"sev_blocker", "stroke:" + colorBlocker + ",stroke-width:2.5px"},
	{"entry", "stroke-width:3px"},
	{"goal", "stroke-width:4px,stroke:#1e8449"},
	{"exit", "stroke-width:3px,stroke:" + colorLow},
	{"dead_end", "stroke:" + colorBlocker + ",stroke-width:3px"},
	{"critical", "stroke-width:4.5px"},
	{"critical_barrier", "stroke:" + colorBlocker + ",color:" + colorCritText},
	{"unreachable", "fill:" + colorGreyFill + ",color:" + colorGreyText + ",stroke:" + colorGreyLine + ",stroke-dasharray:6 4"},
	{"empty", "fill:none,stroke:none,color:" + colorGreyText},
}

type flowWriter struct {
	w       *bufio.Writer
	v       *view
	opts    Options
	members [numFlowClasses][]string
	edges   int
	best    []string
}

func (f *flowWriter) write() {
	v := f.v
	title, _ := json.Marshal(nonEmpty(mermaidJourneyText(v.title(), false), "Customer journey"))
	f.w.WriteString("---\ntitle: ")
	f.w.Write(title)
	f.w.WriteString("\n---\nflowchart LR\n")
	for i := range v.j.Stages {
		label := []string{strconv.Itoa(i+1) + ". " + v.stageTitle(i)}
		if ph := v.stagePhase(i); ph != "" {
			label = append(label, "("+ph+")")
		}
		if notes := v.stageNotes(i); notes != "" {
			label = append(label, notes)
		}
		f.subgraph("s"+strconv.Itoa(i), label, v.members[i], "e"+strconv.Itoa(i))
	}
	if rest := v.members[len(v.j.Stages)]; len(rest) > 0 {
		f.subgraph("sx", []string{"(unknown stage)"}, rest, "")
	}
	for _, t := range v.j.Transitions {
		f.transition(t)
	}
	for c := range numFlowClasses {
		if len(f.members[c]) > 0 {
			fmt.Fprintf(f.w, "    classDef %s %s\n", flowClasses[c].name, flowClasses[c].css)
		}
	}
	for c := range numFlowClasses {
		if len(f.members[c]) > 0 {
			fmt.Fprintf(f.w, "    class %s %s\n", strings.Join(f.members[c], ","), flowClasses[c].name)
		}
	}
	if len(f.best) > 0 {
		fmt.Fprintf(f.w, "    linkStyle %s stroke:%s,stroke-width:3px,color:%s\n", strings.Join(f.best, ","), colorBestPath, colorBestPath)
	}
}

// subgraph writes one stage; empty is the ID of the "no steps" node drawn
// when it has no steps.
func (f *flowWriter) subgraph(id string, label []string, steps []int, empty string) {
	fmt.Fprintf(f.w, "    subgraph %s[\"%s\"]\n", id, mermaidString(label...))
	if len(steps) == 0 && empty != "" {
		fmt.Fprintf(f.w, "        %s[\"no steps\"]\n", empty)
		f.members[classEmpty] = append(f.members[classEmpty], empty)
	}
	for _, i := range steps {
		f.node(i)
	}
	f.w.WriteString("    end\n")
}

func flowID(i int) string { return "n" + strconv.Itoa(i) }

func (f *flowWriter) node(i int) {
	v := f.v
	s := &v.j.Steps[i]
	id := flowID(i)
	var lines []string
	if t := v.tags(i); len(t) > 0 {
		lines = append(lines, strings.Join(t, " · "))
	}
	lines = append(lines, wrap(v.action(i), labelWidth)...)
	if tp := v.touchpointText(i); tp != "" {
		lines = append(lines, tp)
	}
	for _, b := range s.Barriers {
		lines = append(lines, barrierText(b))
	}
	if f.opts.Persona == "" && len(s.Personas) > 0 {
		lines = append(lines, "for: "+strings.Join(v.personaNames(s.Personas), ", "))
	}
	open, close := "([\"", "\"])"
	tp := v.touchpoint(i)
	if tp != nil {
		switch tp.Mode {
		case touchpoint.Online:
			open, close = "(\"", "\")"
		case touchpoint.Offline:
			open, close = "{{\"", "\"}}"
		}
	}
	f.w.WriteString("        ")
	f.w.WriteString(id)
	f.w.WriteString(open)
	f.w.WriteString(mermaidString(lines...))
	f.w.WriteString(close)
	f.w.WriteByte('\n')

	add := func(c flowClass) { f.members[c] = append(f.members[c], id) }
	add(classEmoM2 + flowClass(emotion(s.Emotion)+2))
	switch {
	case tp == nil:
		add(classSilent)
	case tp.Control == touchpoint.Indirect:
		add(classIndirect)
	}
	switch v.worstBarrier(i) {
	case journey.Low:
		add(classLow)
	case journey.Medium:
		add(classMedium)
	case journey.High:
		add(classHigh)
	case journey.Blocker:
		add(classBlocker)
	}
	if v.entry[s.ID] {
		add(classEntry)
	}
	if v.goal[s.ID] {
		add(classGoal)
	}
	if v.exit[s.ID] {
		add(classExit)
	}
	if v.deadEnd[s.ID] {
		add(classDeadEnd)
	}
	if v.critical[s.ID] {
		add(classCritical)
		if len(s.Barriers) > 0 {
			add(classCritBarrier)
		}
	}
	if v.unreachable[s.ID] {
		add(classUnreachable)
	}
}

func (f *flowWriter) transition(t journey.Transition) {
	v := f.v
	from, to, ok := v.edge(t)
	if !ok {
		return
	}
	arrow := "-->"
	switch {
	case v.unreachable[t.From] || v.unreachable[t.To]:
		arrow = "-.->"
	case v.bestEdge[t.From+"\x00"+t.To]:
		arrow = "==>"
		f.best = append(f.best, strconv.Itoa(f.edges))
	}
	f.w.WriteString("    ")
	f.w.WriteString(flowID(from))
	f.w.WriteByte(' ')
	f.w.WriteString(arrow)
	if lines := v.transitionText(t, f.opts.Persona != ""); len(lines) > 0 {
		f.w.WriteString("|\"")
		f.w.WriteString(mermaidString(lines...))
		f.w.WriteString("\"|")
	}
	f.w.WriteByte(' ')
	f.w.WriteString(flowID(to))
	f.w.WriteByte('\n')
	f.edges++
}
