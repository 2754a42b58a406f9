package eventlog

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/journeymap/journeymap/internal/termsafe"
	"github.com/journeymap/journeymap/journey"
)

var errNilAttribution = errors.New("eventlog: nil attribution")

// WriteJSON writes the attribution as indented JSON with the keys of the
// journeymap attribute command, and a final newline.
func (a *Attribution) WriteJSON(w io.Writer) error {
	if a == nil {
		return errNilAttribution
	}
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteText writes the attribution as plain text: the totals, then a table
// with a row per channel in the order of Attribution.Channels, then the
// warnings. Figures have 4 significant digits; control characters in
// channel names are written as escapes.
func (a *Attribution) WriteText(w io.Writer) error {
	if a == nil {
		return errNilAttribution
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Attribution (Markov order %d): %d paths, %s conversions, %s nulls, conversion rate %s, value %s\n\n",
		a.Order, a.Paths, num(a.Conversions), num(a.Nulls), num(a.ConversionRate), num(a.Value))
	rows := [][]string{{"channel", "removal effect", "markov", "markov value", "first touch", "last touch", "linear"}}
	for _, c := range a.Channels {
		rows = append(rows, []string{plain(c.Channel), num(c.RemovalEffect), num(c.Markov), num(c.MarkovValue), num(c.FirstTouch), num(c.LastTouch), num(c.Linear)})
	}
	writeTable(bw, rows, 1)
	if len(a.Channels) == 0 {
		fmt.Fprintln(bw, "(no channels)")
	}
	if t := a.Times; t != nil {
		fmt.Fprintf(bw, "\nTime to convert: %d cases, %d converted, median %s, p90 %s\n\n", t.Cases, t.Converted, seconds(t.ConvertTime, false), seconds(t.ConvertTime, true))
		writeTable(bw, timeRows(t, plain), 2)
	}
	if len(a.Warnings) > 0 {
		fmt.Fprintf(bw, "\nWarnings:\n")
		for _, p := range a.Warnings {
			fmt.Fprintf(bw, "  %s\n", plain(p.Error()))
		}
	}
	return bw.Flush()
}

// WriteMarkdown writes the attribution as Markdown (GitHub flavoured): a
// heading, the totals, a table with a row per channel and the warnings as a
// list. Channel names are code spans and every cell is escaped.
func (a *Attribution) WriteMarkdown(w io.Writer) error {
	if a == nil {
		return errNilAttribution
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Attribution (Markov order %d)\n\n", a.Order)
	fmt.Fprintf(bw, "| Paths | Conversions | Nulls | Conversion rate | Value |\n|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(bw, "| %d | %s | %s | %s | %s |\n\n", a.Paths, num(a.Conversions), num(a.Nulls), num(a.ConversionRate), num(a.Value))
	fmt.Fprintf(bw, "| Channel | Removal effect | Markov | Markov value | First touch | Last touch | Linear |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range a.Channels {
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n", mdSpan(c.Channel), num(c.RemovalEffect), num(c.Markov), num(c.MarkovValue), num(c.FirstTouch), num(c.LastTouch), num(c.Linear))
	}
	if t := a.Times; t != nil {
		fmt.Fprintf(bw, "\n## Time to convert\n\n%d cases, %d converted, median %s, p90 %s\n\n", t.Cases, t.Converted, seconds(t.ConvertTime, false), seconds(t.ConvertTime, true))
		rows := timeRows(t, mdSpan)
		fmt.Fprintf(bw, "| %s |\n|---|---|---:|---:|---:|---:|\n", strings.Join(rows[0], " | "))
		for _, r := range rows[1:] {
			fmt.Fprintf(bw, "| %s |\n", strings.Join(r, " | "))
		}
	}
	if len(a.Warnings) > 0 {
		fmt.Fprintf(bw, "\n## Warnings\n\n")
		for _, p := range a.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(p.Error()))
		}
	}
	return bw.Flush()
}

// timeRows returns the table of the times to convert per segment and per
// entry channel, names shown with show.
func timeRows(t *ConversionTimes, show func(string) string) [][]string {
	rows := [][]string{{"by", "name", "cases", "converted", "median", "p90"}}
	for _, s := range t.Segments {
		rows = append(rows, []string{"segment", show(s.Segment), strconv.FormatInt(s.Cases, 10), strconv.FormatInt(s.Converted, 10), seconds(s.ConvertTime, false), seconds(s.ConvertTime, true)})
	}
	for _, e := range t.EntryChannels {
		rows = append(rows, []string{"entry channel", show(e.Channel), strconv.FormatInt(e.Cases, 10), strconv.FormatInt(e.Converted, 10), seconds(e.ConvertTime, false), seconds(e.ConvertTime, true)})
	}
	return rows
}

// seconds formats the median (or, with p90, the 90th percentile) of t as a
// duration, "-" when t is nil.
func seconds(t *journey.Timing, p90 bool) string {
	if t == nil {
		return "-"
	}
	if p90 {
		return FormatSeconds(t.P90)
	}
	return FormatSeconds(t.Median)
}

// writeTable writes rows as columns two spaces apart, the first left
// columns aligned left and the others right, with trailing spaces trimmed.
func writeTable(w io.Writer, rows [][]string, left int) {
	var width []int
	for _, r := range rows {
		for i, cell := range r {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		b.Reset()
		for i, cell := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			switch {
			case i == 0:
				b.WriteString(cell + pad)
			case i < left:
				b.WriteString("  " + cell + pad)
			default:
				b.WriteString("  " + pad + cell)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// num prints x with 4 significant digits, and 0 for zero or -0.
func num(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// plain returns s on one line, safe for a terminal: line breaks and the
// characters termsafe.Visible escapes are written as escapes.
func plain(s string) string {
	return termsafe.Visible(strings.ReplaceAll(s, "\n", `\n`))
}

// mdSpan shows s as a code span safe inside a table cell.
func mdSpan(s string) string { return termsafe.MarkdownCode(plain(s)) }

// mdEscape escapes s for Markdown text.
func mdEscape(s string) string { return termsafe.MarkdownText(plain(s)) }
