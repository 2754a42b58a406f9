package eventlog

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCanonicalNumber checks canonicalNumber by hand on the forms a JSON
// encoder writes.
func TestCanonicalNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "1.0": "1", "1e0": "1", "10e-1": "1", "1E+0": "1", "0.1e1": "1",
		"-0": "0", "0.000": "0", "-0e5": "0",
		"2.50": "2.5", "-2.50": "-2.5", "0.05": "0.05", "5e-2": "0.05",
		"1200": "1200", "12e2": "1200", "0012": "12",
		"12345678901234567891":   "12345678901234567891",
		"12345678901234567891.0": "12345678901234567891",
		"1e400":                  "1e400",
		"1.5e400":                "15e399",
		"1e-400":                 "1e-400",
		"abc":                    "abc", // not a number: as it is
		"1e99999999999":          "1e99999999999",
	} {
		if got := canonicalNumber(in); got != want {
			t.Errorf("canonicalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCanonicalNumberByValue checks canonicalNumber against math/big on
// random JSON numbers, written in many forms: two numbers get the same
// text exactly when big.Rat finds them equal, and the text has the number's
// value.
func TestCanonicalNumberByValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// write renders digits × 10^exp as a random JSON literal of that value.
	write := func(digits string, exp int, neg bool) string {
		var b strings.Builder
		if neg {
			b.WriteByte('-')
		}
		pad := rng.IntN(3) // trailing zeros moved into the mantissa
		digits += strings.Repeat("0", pad)
		exp -= pad
		point := rng.IntN(len(digits) + 1) // digits before the point
		intPart, frac := digits[:point], digits[point:]
		if intPart == "" {
			intPart = "0"
		}
		exp += len(frac)
		b.WriteString(intPart)
		if frac != "" || rng.IntN(4) == 0 {
			b.WriteString("." + frac)
			if frac == "" {
				b.WriteString("0")
			}
		}
		if exp != 0 || rng.IntN(4) == 0 {
			e := []string{"e", "E", "e+"}[rng.IntN(3)]
			if exp < 0 {
				e = e[:1]
			}
			fmt.Fprintf(&b, "%s%d", e, exp)
		}
		return b.String()
	}
	value := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("big.Rat cannot read %q", s)
		}
		return r
	}
	var lits []string
	for range 3000 {
		digits := fmt.Sprint(rng.IntN(1000))
		exp := rng.IntN(12) - 6
		if rng.IntN(20) == 0 {
			exp = rng.IntN(100) - 50
		}
		neg := rng.IntN(3) == 0
		lits = append(lits, write(digits, exp, neg), write(digits, exp, neg))
	}
	for i, a := range lits {
		ca := canonicalNumber(a)
		if value(ca).Cmp(value(a)) != 0 {
			t.Fatalf("canonicalNumber(%q) = %q, another value", a, ca)
		}
		b := lits[(i*7919+1)%len(lits)]
		if i%2 == 0 {
			b = lits[i+1] // the same value, written another way
		}
		if same := value(a).Cmp(value(b)) == 0; same != (ca == canonicalNumber(b)) {
			t.Fatalf("%q and %q: equal %v, but canonical %q and %q", a, b, same, ca, canonicalNumber(b))
		}
	}
}

// TestJSONLNumbersNameOneCase mines a JSON Lines log whose case IDs are
// numbers written in several forms, and strings that look like them.
func TestJSONLNumbersNameOneCase(t *testing.T) {
	log := `{"case_id": 1, "activity": "visit", "timestamp": "2026-01-01T00:00:00Z"}
{"case_id": 1.0, "activity": "buy", "timestamp": "2026-01-01T00:01:00Z"}
{"case_id": 10e-1, "activity": "review", "timestamp": "2026-01-01T00:02:00Z"}
{"case_id": "1.0", "activity": "visit", "timestamp": "2026-01-01T00:00:00Z"}
{"case_id": 2, "activity": 7, "timestamp": "2026-01-01T00:00:00Z"}
{"case_id": 2, "activity": 7.0, "timestamp": "2026-01-01T00:01:00Z"}
`
	r, err := NewJSONLReader(strings.NewReader(log), ReadOptions{File: "log.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	_, sum, err := Mine(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 3 { // 1, "1.0" and 2
		t.Errorf("%d cases, want 3 (1 = 1.0 = 10e-1, the string \"1.0\", and 2)", sum.Cases)
	}
}
