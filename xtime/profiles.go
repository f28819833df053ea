package xtime

import (
	"errors"
	"fmt"
	"time"
)

// ErrFormat is wrapped by every error a parser of this package returns for
// text that is not in the profile it expects.
var ErrFormat = errors.New("xtime: not in the XEP-0082 format")

// Layouts of the profiles for time.Format. Fractional seconds are written
// only when present, truncated to the microsecond: XEP-0082 sets no limit,
// but some parsers (slixmpp's, Python's datetime) refuse more than six
// digits. The zone is written as Z for UTC.
const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02T15:04:05.999999Z07:00"
	timeLayout     = "15:04:05.999999Z07:00"
)

// FormatDate returns the date of t in the Date profile: CCYY-MM-DD.
func FormatDate(t time.Time) string { return t.Format(dateLayout) }

// FormatDateTime returns t in UTC in the DateTime profile,
// CCYY-MM-DDThh:mm:ss[.sss]Z, as XEP-0082 advises for privacy (a local
// offset reveals something of where the user is). Fractions of a second are
// written only when t has them, to the microsecond at most.
func FormatDateTime(t time.Time) string { return t.UTC().Format(dateTimeLayout) }

// FormatTime returns the time of day of t in UTC in the Time profile,
// hh:mm:ss[.sss]Z.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// ParseDate parses the Date profile, CCYY-MM-DD, as midnight UTC.
func ParseDate(s string) (time.Time, error) {
	var p parser
	p.s = s
	y, m, d := p.date()
	p.end()
	if p.err != nil {
		return time.Time{}, formatError("date", s, p.err)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}

// ParseDateTime parses the DateTime profile, CCYY-MM-DDThh:mm:ss[.sss]TZD.
// The zone is required; the result is in it (a fixed zone, or UTC for Z).
// Digits of the fraction beyond nanoseconds are ignored. Instants outside
// the years 0000-9999 in UTC are refused, so that every result can be
// formatted back.
func ParseDateTime(s string) (time.Time, error) {
	var p parser
	p.s = s
	y, m, d := p.date()
	p.byte('T')
	h, mi, sec, ns := p.clock()
	loc := p.zone()
	p.end()
	t := time.Date(y, time.Month(m), d, h, mi, sec, ns, loc)
	if u := t.UTC().Year(); p.err == nil && (u < 0 || u > 9999) {
		p.fail(errors.New("outside the years 0000-9999 in UTC"))
	}
	if p.err != nil {
		return time.Time{}, formatError("dateTime", s, p.err)
	}
	return t, nil
}

// ParseTime parses the Time profile, hh:mm:ss[.sss][TZD], as that time on
// 0000-01-01. The zone is optional in this profile: hasZone reports whether
// it was given (the result is in UTC when it was not).
func ParseTime(s string) (t time.Time, hasZone bool, err error) {
	var p parser
	p.s = s
	h, mi, sec, ns := p.clock()
	loc := time.UTC
	if p.err == nil && p.i < len(p.s) {
		loc, hasZone = p.zone(), true
	}
	p.end()
	if p.err != nil {
		return time.Time{}, false, formatError("time", s, p.err)
	}
	return time.Date(0, time.January, 1, h, mi, sec, ns, loc), hasZone, nil
}

// ParseTZD parses a Time Zone Definition: Z, or +hh:mm or -hh:mm, as an
// offset east of UTC.
func ParseTZD(s string) (time.Duration, error) {
	var p parser
	p.s = s
	off := p.offset()
	p.end()
	if p.err != nil {
		return 0, formatError("TZD", s, p.err)
	}
	return off, nil
}

// FormatTZD returns the offset off as +hh:mm or -hh:mm, rounded to the
// minute toward zero.
func FormatTZD(off time.Duration) string {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	m := int(off / time.Minute)
	return fmt.Sprintf("%c%02d:%02d", sign, m/60, m%60)
}

// formatError wraps ErrFormat with what was being parsed and why; peer text
// is quoted and cut short.
func formatError(profile, s string, why error) error {
	const maxShown = 40
	if len(s) > maxShown {
		s = s[:maxShown] + "..."
	}
	return fmt.Errorf("%w: %s %q: %v", ErrFormat, profile, s, why)
}
