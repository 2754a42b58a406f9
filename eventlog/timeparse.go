package eventlog

import (
	"fmt"
	"math"
	"time"
)

// timeFormat is one of the time formats a column may hold.
type timeFormat uint8

const (
	tfNone timeFormat = iota
	tfISOZone
	tfISOLocal
	tfSpaceZone
	tfSpaceLocal
	tfDate
	tfUnixS
	tfUnixMS
	tfUnixUS
	tfUnixNS
	tfExcel
)

// TimeFormats lists the names of the time formats the readers detect, as
// the Summary reports them. Times without a zone are taken as UTC.
var TimeFormats = []string{
	tfISOZone.String(), tfISOLocal.String(), tfSpaceZone.String(), tfSpaceLocal.String(),
	tfDate.String(), tfUnixS.String(), tfUnixMS.String(), tfUnixUS.String(), tfUnixNS.String(),
}

func (f timeFormat) String() string {
	switch f {
	case tfISOZone:
		return "RFC 3339 (2006-01-02T15:04:05Z07:00)"
	case tfISOLocal:
		return "ISO 8601 without zone, as UTC (2006-01-02T15:04:05)"
	case tfSpaceZone:
		return "2006-01-02 15:04:05Z07:00"
	case tfSpaceLocal:
		return "2006-01-02 15:04:05, as UTC"
	case tfDate:
		return "ISO date, as UTC midnight (2006-01-02)"
	case tfUnixS:
		return "Unix seconds"
	case tfUnixMS:
		return "Unix milliseconds"
	case tfUnixUS:
		return "Unix microseconds"
	case tfUnixNS:
		return "Unix nanoseconds"
	case tfExcel:
		return "Excel serial date"
	}
	return ""
}

// timeParser parses one column's times: the first time fixes the format and
// every later one must be in it, which for a Unix time means having the
// count of digits of the column's unit (see parseAs).
type timeParser struct {
	format timeFormat
	row    int64    // where the format was detected
	date   [10]byte // the last ISO date read (YYYY-MM-DD) ...
	days   int64    // ... and its days since 1970-01-01
	dated  bool     // whether date and days are set
	safe   bool     // whether date's year is 1678 to 2261, where every time of day fits
}

// parse returns the time in Unix nanoseconds, or a message saying why not.
func (tp *timeParser) parse(b []byte, row int64) (int64, string) {
	if tp.safe && len(b) >= 19 && string(b[:10]) == string(tp.date[:]) {
		if ns, ok := tp.sameDay(b); ok {
			return ns, ""
		}
	}
	if outOfRange(b) {
		return 0, fmt.Sprintf("the time %s is outside the years 1678 to 2261, which the readers can hold", quote(string(b)))
	}
	if tp.format == tfNone {
		f := detectFormat(b)
		if f == tfNone {
			if compactDate(b) {
				return 0, compactDateMessage(b)
			}
			return 0, fmt.Sprintf("cannot read the time %s: expected RFC 3339, an ISO date and time with or without zone, 2006-01-02 15:04:05, an ISO date, or Unix seconds, milliseconds, microseconds or nanoseconds", quote(string(b)))
		}
		tp.format, tp.row = f, row
	}
	var ns int64
	var ok bool
	if tp.format <= tfDate && len(b) >= 10 {
		ns, ok = tp.parseISO(b)
	} else {
		ns, ok = parseAs(tp.format, b)
	}
	if !ok {
		if f := detectFormat(b); f != tfNone && f != tp.format {
			return 0, fmt.Sprintf("the time %s is in the format %s, but the column's format is %s (detected at row %d): one format per column", quote(string(b)), f, tp.format, tp.row)
		}
		if compactDate(b) {
			return 0, compactDateMessage(b)
		}
		return 0, fmt.Sprintf("cannot read the time %s as %s (the column's format, detected at row %d)", quote(string(b)), tp.format, tp.row)
	}
	return ns, ""
}

// compactDateMessage says why a compactDate is refused.
func compactDateMessage(b []byte) string {
	return fmt.Sprintf("the time %s looks like a date written YYYYMMDD, which is not read (as a Unix time it would be 1970): write it %s-%s-%s", quote(string(b)), b[0:4], b[4:6], b[6:8])
}

// parseISO parses b, of at least 10 bytes, in the column's ISO format,
// reusing the last date's days when b starts with the same date (rows in
// time order mostly do). It accepts exactly what parseAs accepts.
func (tp *timeParser) parseISO(b []byte) (int64, bool) {
	days := tp.days
	if !tp.dated || string(b[:10]) != string(tp.date[:]) {
		d, ok := isoDate(b)
		if !ok {
			return 0, false
		}
		days = d
		copy(tp.date[:], b[:10])
		tp.days, tp.dated = d, true
		year, _ := digitsN(b[:4])
		tp.safe = year > 1677 && year < 2262
	}
	ns, sep, zone, ok := isoRest(b, days)
	if !ok || detectISO(sep, zone) != tp.format {
		return 0, false
	}
	return ns, true
}

// sameDay parses b, which starts with the last date read, when the rest is
// a separator and hh:mm:ss, with a Z or nothing after, as the column's
// format says: what most logs hold, without the general parser's steps.
// It reports false for anything else, which parse then reads the long way;
// where it reports true, the long way gives the same time.
func (tp *timeParser) sameDay(b []byte) (int64, bool) {
	zone := len(b) == 20 && (b[19] == 'Z' || b[19] == 'z')
	sep := b[10]
	if sep == 't' {
		sep = 'T'
	}
	if (len(b) != 19 && !zone) || (sep != 'T' && sep != ' ') || detectISO(sep, zone) != tp.format || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	h1, h2, m1, m2, s1, s2 := b[11]-'0', b[12]-'0', b[14]-'0', b[15]-'0', b[17]-'0', b[18]-'0'
	if h1 > 9 || h2 > 9 || m1 > 9 || m2 > 9 || s1 > 9 || s2 > 9 {
		return 0, false
	}
	h, m, s := int64(h1)*10+int64(h2), int64(m1)*10+int64(m2), int64(s1)*10+int64(s2)
	if h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return (tp.days*86400 + h*3600 + m*60 + s) * 1e9, true
}

// outOfRange reports whether b is an ISO date (and time) that is valid but
// outside the range of Unix nanoseconds in an int64 (1677-09-21 to
// 2262-04-11), such as the 9999-12-31 some exports write for "never".
func outOfRange(b []byte) bool {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return false
	}
	year, ok := digitsN(b[0:4])
	if !ok || (year > 1677 && year < 2262) {
		return false
	}
	_, _, _, ok = parseISO(b)
	if ok {
		return false
	}
	month, ok1 := digitsN(b[5:7])
	day, ok2 := digitsN(b[8:10])
	return ok1 && ok2 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year)
}

// detectFormat returns the format b is in, or tfNone.
func detectFormat(b []byte) timeFormat {
	if _, sep, zone, ok := parseISO(b); ok {
		switch {
		case sep == 0:
			return tfDate
		case sep == ' ' && zone:
			return tfSpaceZone
		case sep == ' ':
			return tfSpaceLocal
		case zone:
			return tfISOZone
		}
		return tfISOLocal
	}
	digits, ok := unixDigits(b)
	if !ok || compactDate(b) {
		return tfNone
	}
	return unixUnit(digits)
}

// compactDate reports whether b is a date written YYYYMMDD in the years
// 1900 to 2099 (20240101): as a Unix time it would be seconds of 1970, so
// it is refused as neither, with a hint, rather than read as 1970.
func compactDate(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	year, ok := digitsN(b[0:4])
	month, ok1 := digitsN(b[4:6])
	day, ok2 := digitsN(b[6:8])
	return ok && ok1 && ok2 && year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year)
}

// unixUnit returns the Unix format of a number with the given count of
// integer digits (see unixDigits): up to 11 digits are seconds, 12 to 14
// milliseconds, 15 to 17 microseconds and 18 or more nanoseconds. A time
// since 1973-03-03 has at least 12 digits in milliseconds, 15 in
// microseconds and 18 in nanoseconds, and fits in an int64 (as Unix
// nanoseconds) only with at most 10 digits in seconds, so each unit's
// times of today have a count of digits of their own.
func unixUnit(digits int) timeFormat {
	switch {
	case digits >= 18:
		return tfUnixNS
	case digits >= 15:
		return tfUnixUS
	case digits >= 12:
		return tfUnixMS
	}
	return tfUnixS
}

// parseAs parses b in format f. A Unix time must be one detectFormat puts
// in f, by its count of integer digits as written (see unixUnit), so that
// a column of Unix milliseconds refuses a time in seconds rather than read
// it as milliseconds of January 1970, and the one-format-per-column rule
// holds for the units as for the other formats. The rule is detection's,
// so it never refuses a time detection would put in the column's unit. The
// cost is at the edges: a column in milliseconds, microseconds or
// nanoseconds refuses the times less than 10⁸ seconds (about three years)
// from 1970-01-01 either way, strictly between 1966-10-31T14:13:20Z and
// 1973-03-03T09:46:40Z (they have fewer digits, like seconds; a column that
// starts with one is read as seconds, too), and leading zeros count (a
// time in seconds padded to 13 digits reads as milliseconds).
func parseAs(f timeFormat, b []byte) (int64, bool) {
	switch f {
	case tfUnixS, tfUnixMS, tfUnixUS, tfUnixNS:
		return parseUnix(b, f)
	case tfExcel:
		return 0, false
	}
	ns, sep, zone, ok := parseISO(b)
	if !ok || detectISO(sep, zone) != f {
		return 0, false
	}
	return ns, true
}

func detectISO(sep byte, zone bool) timeFormat {
	switch {
	case sep == 0:
		return tfDate
	case sep == ' ' && zone:
		return tfSpaceZone
	case sep == ' ':
		return tfSpaceLocal
	case zone:
		return tfISOZone
	}
	return tfISOLocal
}

// unixDigits reports the number of integer digits of a Unix time: an
// optional minus, digits, optionally a point and more digits.
func unixDigits(b []byte) (int, bool) {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	n := i - start
	if n == 0 {
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	return n, i == len(b)
}

// parseUnix reads a Unix time in the Unix format f, refusing one whose
// count of integer digits is another unit's (see unixUnit) and one beyond
// math.MaxInt64 nanoseconds either way. Digits past the nanosecond are
// dropped (the time is truncated toward zero).
func parseUnix(b []byte, f timeFormat) (int64, bool) {
	if digits, ok := unixDigits(b); !ok || unixUnit(digits) != f || compactDate(b) {
		return 0, false
	}
	unit := int64(1)
	switch f {
	case tfUnixS:
		unit = 1e9
	case tfUnixMS:
		unit = 1e6
	case tfUnixUS:
		unit = 1e3
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var whole int64
	i := 0
	for ; i < len(b) && b[i] != '.'; i++ {
		d := int64(b[i] - '0')
		if whole > (math.MaxInt64-d)/10 {
			return 0, false
		}
		whole = whole*10 + d
	}
	if whole > math.MaxInt64/unit {
		return 0, false
	}
	ns := whole * unit
	if i < len(b) { // a fraction of the unit
		frac, scale := int64(0), unit
		for _, c := range b[i+1:] {
			if scale < 10 {
				break
			}
			scale /= 10
			frac += int64(c-'0') * scale
		}
		if ns > math.MaxInt64-frac { // the fraction runs past 2262-04-11
			return 0, false
		}
		ns += frac
	}
	if neg {
		ns = -ns
	}
	return ns, true
}

// parseISO reads YYYY-MM-DD, optionally followed by T or a space and
// hh:mm[:ss[.fff…]] and a zone (Z, ±hh:mm, ±hhmm or ±hh). It returns the
// time in Unix nanoseconds (UTC where no zone is given), the separator (0
// for a date alone) and whether a zone was given.
func parseISO(b []byte) (ns int64, sep byte, zone bool, ok bool) {
	days, ok := isoDate(b)
	if !ok {
		return 0, 0, false, false
	}
	return isoRest(b, days)
}

// isoDate reads the YYYY-MM-DD that b starts with as days since 1970-01-01.
func isoDate(b []byte) (int64, bool) {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	year, ok1 := digitsN(b[0:4])
	month, ok2 := digitsN(b[5:7])
	day, ok3 := digitsN(b[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false
	}
	return daysFromCivil(year, month, day), true
}

// isoRest reads what follows the date in b, whose date is days, as
// parseISO does.
func isoRest(b []byte, days int64) (ns int64, sep byte, zone bool, ok bool) {
	if len(b) == 10 {
		if days > math.MaxInt64/(86400*int64(1e9)) || days < math.MinInt64/(86400*int64(1e9)) {
			return 0, 0, false, false // would overflow: outOfRange says so
		}
		return days * 86400 * 1e9, 0, false, true
	}
	sep = b[10]
	if sep == 't' {
		sep = 'T'
	}
	if (sep != 'T' && sep != ' ') || len(b) < 16 || b[13] != ':' {
		return 0, 0, false, false
	}
	hour, ok1 := digitsN(b[11:13])
	minute, ok2 := digitsN(b[14:16])
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return 0, 0, false, false
	}
	rest := b[16:]
	var sec, frac int64
	if len(rest) >= 3 && rest[0] == ':' {
		s, ok := digitsN(rest[1:3])
		if !ok || s > 59 {
			return 0, 0, false, false
		}
		sec, rest = s, rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			k, scale := 1, int64(1e8)
			for ; k < len(rest) && rest[k] >= '0' && rest[k] <= '9'; k++ {
				frac += int64(rest[k]-'0') * scale
				scale /= 10
			}
			if k == 1 {
				return 0, 0, false, false
			}
			rest = rest[k:]
		}
	}
	offset, zone, ok := parseZone(rest)
	if !ok {
		return 0, 0, false, false
	}
	secs := days*86400 + hour*3600 + minute*60 + sec - offset
	if secs > math.MaxInt64/int64(1e9)-1 || secs < math.MinInt64/int64(1e9)+1 {
		return 0, 0, false, false
	}
	return secs*1e9 + frac, sep, zone, true
}

// parseZone reads "", Z, ±hh:mm, ±hhmm or ±hh, returning the offset in
// seconds east of UTC.
func parseZone(b []byte) (int64, bool, bool) {
	switch {
	case len(b) == 0:
		return 0, false, true
	case len(b) == 1 && (b[0] == 'Z' || b[0] == 'z'):
		return 0, true, true
	case b[0] != '+' && b[0] != '-':
		return 0, false, false
	}
	var h, m int64
	var ok1, ok2 bool
	switch len(b) {
	case 3:
		h, ok1 = digitsN(b[1:3])
		ok2 = true
	case 5:
		h, ok1 = digitsN(b[1:3])
		m, ok2 = digitsN(b[3:5])
	case 6:
		h, ok1 = digitsN(b[1:3])
		m, ok2 = digitsN(b[4:6])
		ok2 = ok2 && b[3] == ':'
	}
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false, false
	}
	off := h*3600 + m*60
	if b[0] == '-' {
		off = -off
	}
	return off, true, true
}

func digitsN(b []byte) (int64, bool) {
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(month, year int64) int64 {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// unixTime turns Unix nanoseconds into a time in UTC.
func unixTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }
