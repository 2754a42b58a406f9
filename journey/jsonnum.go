package journey

import (
	"strconv"
)

// The number parsers of jsonDecoder: JSON's grammar, checked as it reads,
// and the conversions encoding/json makes (strconv's rounding, its refusal
// of fractions in integers and of values out of range).

// number returns the JSON number token at d.i, checked against JSON's
// grammar, and whether it has a fraction or an exponent.
func (d *jsonDecoder) number() (tok []byte, real, ok bool) {
	data := d.data
	i := d.i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	default:
		return nil, false, false
	}
	if i < len(data) && data[i] == '.' {
		real = true
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false, false
		}
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		real = true
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, false, false
		}
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	tok = data[d.i:i]
	d.i = i
	return tok, real, true
}

// integer reads a number into an int64. Like encoding/json, it refuses a
// fraction or an exponent (1.0, 1e3) and a value out of range.
func (d *jsonDecoder) integer() (int64, bool) {
	tok, real, ok := d.number()
	if !ok || real {
		return 0, false
	}
	neg := tok[0] == '-'
	if neg {
		tok = tok[1:]
	}
	var u uint64
	for _, c := range tok {
		if u > (1<<63)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u), true // -(1<<63) wraps to itself
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}

// float64pow10 holds the powers of ten that a float64 represents exactly.
var float64pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// float reads a number into a float64, rounded as strconv.ParseFloat
// rounds it. Short decimals (the probabilities of a journey) take the exact
// fast path: a mantissa below 2^53 times or over an exact power of ten is
// correctly rounded by one floating-point operation (Clinger, 1990).
func (d *jsonDecoder) float() (float64, bool) {
	tok, _, ok := d.number()
	if !ok {
		return 0, false
	}
	var mant uint64
	exp, i := 0, 0
	neg := tok[0] == '-'
	if neg {
		i++
	}
	fast, frac := true, false
	for ; i < len(tok) && tok[i] != 'e' && tok[i] != 'E'; i++ {
		c := tok[i]
		if c == '.' {
			frac = true
			continue
		}
		if mant >= 1<<53/10 {
			fast = false
			break
		}
		mant = mant*10 + uint64(c-'0')
		if frac {
			exp--
		}
	}
	if fast && i < len(tok) {
		e, err := strconv.Atoi(string(tok[i+1:]))
		if err != nil {
			fast = false
		}
		exp += e
	}
	if fast && exp >= -22 && exp <= 22 {
		f := float64(mant)
		if exp < 0 {
			f /= float64pow10[-exp]
		} else {
			f *= float64pow10[exp]
		}
		if neg {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	return f, err == nil
}
