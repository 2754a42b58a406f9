package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/journeymap/journeymap/journey"
	"github.com/journeymap/journeymap/render/report"
)

// The browser tests open reports in headless Chromium (Debian's chromium
// package; JOURNEYMAP_CHROMIUM names another binary) and skip, saying so,
// where there is none. JOURNEYMAP_SCREENSHOTS names a directory to keep the
// screenshots in, to look at them.

// chromium returns the path of a Chromium binary, or "".
func chromium() string {
	if p := os.Getenv("JOURNEYMAP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab is a page opened in headless Chromium, with what it did.
type tab struct {
	ctx context.Context
	url string

	mu       sync.Mutex
	console  []string // console messages, exceptions, log entries of level error or warning
	requests []string // requests other than the page itself
	dialogs  []string // alert, confirm, prompt
}

func (tb *tab) add(list *[]string, s string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	*list = append(*list, s)
}

// openPage writes page to a file and opens it in a new headless Chromium,
// or skips the test where there is no Chromium.
func openPage(t *testing.T, html string) *tab {
	t.Helper()
	bin := chromium()
	if bin == "" {
		t.Skip("no Chromium (apt-get install chromium, or set JOURNEYMAP_CHROMIUM): browser test skipped")
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1360, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	tb := &tab{ctx: ctx, url: "file://" + file}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			tb.add(&tb.console, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(args, " ")))
		case *runtime.EventExceptionThrown:
			tb.add(&tb.console, fmt.Sprintf("exception: %s %v", e.ExceptionDetails.Text, e.ExceptionDetails.Exception))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				tb.add(&tb.console, fmt.Sprintf("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			if e.Request.URL != tb.url {
				tb.add(&tb.requests, e.Request.URL)
			}
		case *page.EventJavascriptDialogOpening:
			tb.add(&tb.dialogs, e.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
		}
	})
	if err != nil {
		t.Skipf("Chromium %s does not start (%v): browser test skipped", bin, err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(tb.url), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatal(err)
	}
	return tb
}

// quiet checks that the page logged nothing, asked for nothing from the
// network and opened no dialog.
func (tb *tab) quiet(t *testing.T) {
	t.Helper()
	// Let late events (an image's error, a timer) arrive.
	if err := chromedp.Do(tb.ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.console {
		t.Errorf("console: %s", m)
	}
	for _, r := range tb.requests {
		t.Errorf("network request: %s", r)
	}
	for _, d := range tb.dialogs {
		t.Errorf("dialog: %s", d)
	}
}

// eval evaluates js in the page and returns its value.
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// click clicks the element sel selects.
func (tb *tab) click(t *testing.T, sel string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func TestBrowserSofa(t *testing.T) {
	j := readSofa(t)
	tb := openPage(t, write(t, j, report.Options{}))
	tb.quiet(t)

	if title := eval[string](t, tb, `document.querySelector("h1").textContent`); title != j.Name {
		t.Errorf("h1 %q, want %q", title, j.Name)
	}
	shot, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, "sofa.png", shot)
	notBlank(t, shot)

	// The flow graph is drawn at its own size, wider than the page, and
	// fitted to the width at a click.
	const graphWidth = `document.querySelector(".graph-figure svg").getBoundingClientRect().width`
	const figureWidth = `document.querySelector(".graph-figure").clientWidth`
	if w, f := eval[float64](t, tb, graphWidth), eval[float64](t, tb, figureWidth); w <= f {
		t.Errorf("the flow graph is %v px wide in a figure of %v: not its own size", w, f)
	}
	tb.click(t, "#graph-fit")
	if w, f := eval[float64](t, tb, graphWidth), eval[float64](t, tb, figureWidth); w > f+0.5 || w < f/2 {
		t.Errorf("fitted, the flow graph is %v px wide in a figure of %v", w, f)
	}

	// The print style sheet hides the navigation, and the page prints.
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if display := eval[string](t, tb, `getComputedStyle(document.querySelector("nav")).display`); display != "none" {
		t.Errorf("printed, the navigation is %q, want none", display)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 10000 {
		t.Errorf("printing gives %d bytes", len(pdf))
	}
	tb.quiet(t)
}

// TestBrowserMap: the map has one column per stage, in order, and one
// emotion line per persona; the switcher shows the chosen persona's line
// alone and dims the steps that are not the persona's.
func TestBrowserMap(t *testing.T) {
	j := readSofa(t)
	tb := openPage(t, write(t, j, report.Options{}))
	stages := eval[[]string](t, tb, `[...document.querySelectorAll("#map svg g.stage")].map(g => g.getAttribute("data-stage"))`)
	var want []string
	for _, s := range j.Stages {
		want = append(want, s.ID)
	}
	if !slices.Equal(stages, want) {
		t.Errorf("map columns %q, want the stages %q", stages, want)
	}
	before := visibleLines(t, tb)
	if len(before) != len(j.Personas) {
		t.Errorf("%d emotion lines, want one per persona (%d): %q", len(before), len(j.Personas), before)
	}
	for _, p := range j.Personas {
		tb.click(t, `.switch button[data-persona="`+p.ID+`"]`)
		after := visibleLines(t, tb)
		if len(after) != 1 || !strings.HasPrefix(after[0], p.ID+":") {
			t.Errorf("persona %s: visible lines %q, want its own alone", p.ID, after)
		} else if !slices.Contains(before, after[0]) {
			t.Errorf("persona %s: its line %q is not the one drawn for all", p.ID, after[0])
		}
		if slices.Equal(after, before) {
			t.Errorf("persona %s: switching does not change the drawn curve", p.ID)
		}
		lit := eval[[]string](t, tb, `[...document.querySelectorAll("#map svg g.step:not(.dim)")].map(g => g.getAttribute("data-step"))`)
		var mine []string
		for _, s := range j.Steps {
			if s.AppliesTo(p.ID) {
				mine = append(mine, s.ID)
			}
		}
		slices.Sort(lit)
		slices.Sort(mine)
		if !slices.Equal(lit, mine) {
			t.Errorf("persona %s: steps shown %q, want its steps %q", p.ID, lit, mine)
		}
		if err := chromedp.Do(tb.ctx, chromedp.ScrollIntoView(chromedp.CSS("#map"))); err != nil {
			t.Fatal(err)
		}
		shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		keepScreenshot(t, "sofa-map-"+p.ID+".png", shot)
		notBlank(t, shot)
	}
	tb.click(t, `.switch button[data-persona=""]`)
	if again := visibleLines(t, tb); !slices.Equal(again, before) {
		t.Errorf("back to all personas: lines %q, want %q", again, before)
	}
	tb.quiet(t)
}

// visibleLines are the emotion lines drawn, each as persona:points.
func visibleLines(t *testing.T, tb *tab) []string {
	return eval[[]string](t, tb, `[...document.querySelectorAll("#map svg g.emotion")]
		.filter(g => getComputedStyle(g).display !== "none")
		.map(g => g.getAttribute("data-persona") + ":" + [...g.querySelectorAll("polyline")].map(p => p.getAttribute("points")).join("|"))`)
}

// TestBrowserHostile: a journey whose every text is an attempt at script
// injection: nothing runs, nothing is fetched, and the texts are shown as
// written.
func TestBrowserHostile(t *testing.T) {
	j := hostileJourney()
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	page := write(t, j, report.Options{Conformance: hostileConformance()})
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("%d <script elements, want the page's own", n)
	}
	tb := openPage(t, page)
	const pwned = `window.pwned === undefined ? "" : String(window.pwned)`
	if v := eval[string](t, tb, pwned); v != "" {
		t.Errorf("injected script ran: window.pwned = %v", v)
	}
	if text := eval[string](t, tb, `document.querySelector("h1").textContent`); text != j.Name {
		t.Errorf("h1 shows %q, want the name as written %q", text, j.Name)
	}
	links := eval[[]string](t, tb, `[...document.querySelectorAll("[href],[src],[onerror],[onload],[onclick],[onmouseover],img,iframe,object,embed")]
		.map(e => e.outerHTML.slice(0, 80)).filter(h => !/^<a href="#[a-z]+">/.test(h))`)
	for _, l := range links {
		t.Errorf("an element with a link or handler: %s", l)
	}
	if n := eval[int](t, tb, `document.querySelectorAll("script").length`); n != 1 {
		t.Errorf("%d script elements in the document, want 1", n)
	}
	for _, id := range []string{"#map", "#graph", "#findings", "#flow", "#observed", "#conformance"} {
		if !eval[bool](t, tb, `document.querySelector("`+id+`") !== null`) {
			t.Errorf("section %s missing", id)
		}
	}
	// Hover and click everything, the switcher's buttons with hostile IDs
	// among them.
	eval[int](t, tb, `(() => { const all = document.querySelectorAll("*"); all.forEach(e => {
		e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); if (e.tagName === "BUTTON") e.click(); }); return all.length; })()`)
	if v := eval[string](t, tb, pwned); v != "" {
		t.Errorf("injected script ran: window.pwned = %v", v)
	}
	tb.quiet(t)
}

func keepScreenshot(t *testing.T, name string, shot []byte) {
	if dir := os.Getenv("JOURNEYMAP_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// notBlank checks that a screenshot shows something: many colours, and a
// fair share of pixels that are not the background.
func notBlank(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	b := img.Bounds()
	colours := map[uint32]bool{}
	var ink, all int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>11)<<10|(g>>11)<<5|bl>>11] = true
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				ink++
			}
			all++
		}
	}
	if len(colours) < 50 || ink*100 < all*3 {
		t.Errorf("the screenshot (%v) looks blank: %d colours, %d of %d sampled pixels not white", b.Size(), len(colours), ink, all)
	}
}

// hostileJourney has an attempt at script injection in every text: IDs,
// names, descriptions, actions, thoughts, barriers, opportunities, labels.
func hostileJourney() *journey.Journey {
	payloads := []string{
		`</script><script>window.pwned=1</script>`,
		`<img src=x onerror="window.pwned=2">`,
		`javascript:window.pwned=3`,
		`<svg onload="window.pwned=4"></svg>`,
		`"><script>window.pwned=5</script><!--`,
		`</style><script>window.pwned=6</script>`,
		`]]><![CDATA[<script>window.pwned=7</script>`,
		`' onmouseover='window.pwned=8`,
		`-->&lt;<a href="javascript:window.pwned=9">x</a>`,
	}
	k := 0
	next := func() string {
		s := payloads[k%len(payloads)] + fmt.Sprint(" #", k)
		k++
		return s
	}
	return buildHostile(next)
}

// TestBrowserOdd: a journey of 40 stages with an empty stage, long
// actions, right-to-left and CJK text and a persona without steps loads
// quietly, with one map column per stage.
func TestBrowserOdd(t *testing.T) {
	j := oddJourney(40)
	tb := openPage(t, write(t, j, report.Options{}))
	if n := eval[int](t, tb, `document.querySelectorAll("#map svg g.stage").length`); n != len(j.Stages) {
		t.Errorf("%d map columns, want %d", n, len(j.Stages))
	}
	tb.click(t, `.switch button[data-persona="idle"]`)
	if n := eval[int](t, tb, `document.querySelectorAll("#map svg g.step:not(.dim)").length`); n != 0 {
		t.Errorf("the persona without steps shows %d steps", n)
	}
	shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, "odd.png", shot)
	notBlank(t, shot)
	tb.quiet(t)
}

// hostileConformance has an attempt at script injection in every text.
func hostileConformance() *report.Conformance {
	const p = `<img src=x onerror="window.pwned=10"></script><script>window.pwned=11</script>`
	return &report.Conformance{Log: p, Cases: 3, FittingCases: 1, Fitness: 0.5,
		UnmodelledTransitions: []report.TransitionCount{{From: p, To: p, Count: 1}},
		UnmodelledActivities:  []report.ActivityCount{{Activity: p, Count: 1}},
		UnvisitedSteps:        []string{p},
		WrongStarts:           []report.ActivityCount{{Activity: p, Count: 1}},
		Personas:              []report.PersonaFitness{{Persona: p, Cases: 1}},
	}
}

// TestBrowserWatches checks the watcher the other browser tests rely on: a
// page that logs an error, throws and asks the network for an image is
// caught at all three.
func TestBrowserWatches(t *testing.T) {
	tb := openPage(t, `<!DOCTYPE html><html><body><footer></footer>
<script>console.error("boom"); setTimeout(() => { throw new Error("thrown"); }, 0);</script>
<img src="http://192.0.2.1/x.png"></body></html>`)
	if err := chromedp.Do(tb.ctx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	tb.mu.Lock()
	defer tb.mu.Unlock()
	joined := strings.Join(tb.console, "\n")
	if !strings.Contains(joined, "boom") || !strings.Contains(joined, "thrown") {
		t.Errorf("console seen: %q", tb.console)
	}
	if !slices.Contains(tb.requests, "http://192.0.2.1/x.png") {
		t.Errorf("requests seen: %q", tb.requests)
	}
}
