package report_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/journeymap/journeymap/render/report"
)

// TestBrowserCompare: the page with a comparison (the webshop's fix, and
// the hostile pair) loads with no console message and no request, shows
// both emotion curves and the flow graph of the comparison, and runs no
// injected script.
func TestBrowserCompare(t *testing.T) {
	a, b := read(t, webshopBefore), read(t, webshopAfter)
	tb := openPage(t, write(t, b, report.Options{Before: a}))
	if n := eval[int](t, tb, `document.querySelectorAll("#compare .compare-map svg g.emotion.before").length`); n != len(a.Personas) {
		t.Errorf("%d before curves on the comparison's map, want %d", n, len(a.Personas))
	}
	if w := eval[float64](t, tb, `document.querySelector("#compare .compare-graph svg").getBoundingClientRect().width`); w < 100 {
		t.Errorf("the flow graph of the comparison is %v px wide", w)
	}
	if h := eval[float64](t, tb, `document.querySelector("#compare").getBoundingClientRect().height`); h < 500 {
		t.Errorf("the comparison is %v px high", h)
	}
	// The page's own graph keeps its zoom button.
	tb.click(t, "#graph-fit")
	if !eval[bool](t, tb, `document.querySelector("#graph .graph-figure").classList.contains("fit")`) {
		t.Error("the zoom button does not fit the journey's flow graph")
	}
	if err := chromedp.Do(tb.ctx, chromedp.ScrollIntoView(chromedp.CSS("#compare"))); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	keepScreenshot(t, "webshop-compare.png", shot)
	notBlank(t, shot)
	tb.quiet(t)

	ha, hb := hostilePair()
	page := write(t, hb, report.Options{Before: ha})
	ht := openPage(t, page)
	const pwned = `window.pwned === undefined ? "" : String(window.pwned)`
	eval[int](t, ht, `(() => { const all = document.querySelectorAll("#compare *"); all.forEach(e => {
		e.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); if (e.tagName === "BUTTON") e.click(); }); return all.length; })()`)
	if v := eval[string](t, ht, pwned); v != "" {
		t.Errorf("injected script ran: window.pwned = %v", v)
	}
	if text := eval[string](t, ht, `document.querySelector("#compare h2").textContent`); !strings.HasSuffix(text, ha.Name) {
		t.Errorf("the comparison's heading %q does not name %q as written", text, ha.Name)
	}
	ht.quiet(t)
}
