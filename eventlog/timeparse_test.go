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
