package eventlog

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestTimeParserDateCache checks that a column's parser, which reuses the
// last date's days, reads every time as the uncached parseAs does and as
// the time package does: runs of rows on the same date, dates changing,
// and rows mutated into bad times in between.
func TestTimeParserDateCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	layouts := []string{"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"}
	for _, layout := range layouts {
		var tp timeParser
		at := time.Date(2024, 2, 27, 23, 0, 0, 0, time.UTC)
		for range 20000 {
			at = at.Add(time.Duration(rng.IntN(600)) * time.Second)
			s := at.Format(layout)
			b := []byte(s)
			mutated := rng.IntN(8) == 0
			if mutated {
				b[rng.IntN(len(b))] = "0123456789-:TZ +x"[rng.IntN(17)]
				if rng.IntN(2) == 0 {
					b = b[:rng.IntN(len(b)+1)]
				}
			}
			ns, msg := tp.parse(b, 1)
			want, ok := parseAs(tp.format, b)
			if (msg == "") != ok || (ok && ns != want) {
				t.Fatalf("%s: %q: parse = %d %q, parseAs = %d %v", layout, b, ns, msg, want, ok)
			}
			if !mutated {
				ref, err := time.Parse(layout, s)
				if err != nil || ns != ref.UnixNano() {
					t.Fatalf("%s: %q: parse = %d %q, time.Parse = %d %v", layout, s, ns, msg, ref.UnixNano(), err)
				}
			}
		}
		if tp.format.String() == "" {
			t.Fatal(fmt.Sprint("no format for ", layout))
		}
	}
}

// TestSameDayIsTheLongWay checks parse's quick path for times on the last
// date read against the long way (a parser that has read no date): the
// same time, or the same refusal, on random times of every ISO layout,
// good and bad, around the years where times stop fitting.
func TestSameDayIsTheLongWay(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	years := []int{1677, 1678, 1970, 2026, 2261, 2262}
	seps := []string{"T", "t", " ", "_"}
	zones := []string{"", "Z", "z", "+01:00", "-0530", "+02"}
	digit := func() byte {
		if rng.IntN(50) == 0 {
			return "x:/ "[rng.IntN(4)]
		}
		return byte('0' + rng.IntN(10))
	}
	for range 200000 {
		date := fmt.Sprintf("%04d-%02d-%02d", years[rng.IntN(len(years))], 1+rng.IntN(12), 1+rng.IntN(28))
		sep, zone := seps[rng.IntN(len(seps))], zones[rng.IntN(len(zones))]
		clock := []byte{digit(), digit(), ':', digit(), digit(), ':', digit(), digit()}
		if rng.IntN(30) == 0 {
			clock[2+3*rng.IntN(2)] = '.'
		}
		b := []byte(date + sep + string(clock) + zone)
		format := detectISO(map[string]byte{"T": 'T', "t": 'T', " ": ' ', "_": 'T'}[sep], rng.IntN(2) == 0)
		warm := timeParser{format: format}
		warm.parseISO([]byte(date + "T00:00:00Z")) // reads the date, whatever the format
		if !warm.dated {
			t.Fatalf("%s: the date was not read", date)
		}
		cold := timeParser{format: format}
		gotNS, gotMsg := warm.parse(b, 2)
		wantNS, wantMsg := cold.parse(b, 2)
		if gotNS != wantNS || (gotMsg == "") != (wantMsg == "") {
			t.Fatalf("%q as %s: quick way %d %q, long way %d %q", b, format, gotNS, gotMsg, wantNS, wantMsg)
		}
	}
}
