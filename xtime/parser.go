package xtime

import (
	"errors"
	"time"
)

// parser reads the fixed-width fields of the profiles from s, left to
// right. The first failure sticks in err and later reads do nothing.
type parser struct {
	s   string
	i   int
	err error
}

var (
	errShort   = errors.New("too short")
	errTrailer = errors.New("unexpected text at the end")
	errRange   = errors.New("field out of range")
)

func (p *parser) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// digits reads exactly n ASCII digits as a number.
func (p *parser) digits(n int) int {
	if p.err != nil {
		return 0
	}
	if p.i+n > len(p.s) {
		p.fail(errShort)
		return 0
	}
	v := 0
	for _, c := range []byte(p.s[p.i : p.i+n]) {
		if c < '0' || c > '9' {
			p.fail(errors.New("digit expected"))
			return 0
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v
}

// byte reads the separator c.
func (p *parser) byte(c byte) {
	if p.err != nil {
		return
	}
	if p.i >= len(p.s) {
		p.fail(errShort)
		return
	}
	if p.s[p.i] != c {
		p.fail(errors.New("'" + string(c) + "' expected"))
		return
	}
	p.i++
}

// end fails unless all of s was read.
func (p *parser) end() {
	if p.err == nil && p.i != len(p.s) {
		p.fail(errTrailer)
	}
}

// date reads CCYY-MM-DD and checks that the day exists.
func (p *parser) date() (y, m, d int) {
	y = p.digits(4)
	p.byte('-')
	m = p.digits(2)
	p.byte('-')
	d = p.digits(2)
	if p.err == nil && (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) {
		p.fail(errRange)
	}
	return y, m, d
}

func daysIn(y, m int) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// clock reads hh:mm:ss and an optional fraction of a second.
func (p *parser) clock() (h, m, s, ns int) {
	h = p.digits(2)
	p.byte(':')
	m = p.digits(2)
	p.byte(':')
	s = p.digits(2)
	if p.err == nil && (h > 23 || m > 59 || s > 59) {
		p.fail(errRange)
	}
	if p.err == nil && p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		ns = p.fraction()
	}
	return h, m, s, ns
}

// fraction reads one or more digits after the decimal point as
// nanoseconds, ignoring digits beyond the ninth.
func (p *parser) fraction() int {
	start, ns, scale := p.i, 0, 100_000_000
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		ns += int(p.s[p.i]-'0') * scale
		scale /= 10
		p.i++
	}
	if p.i == start {
		p.fail(errors.New("digits expected after '.'"))
	}
	return ns
}

// zone reads a TZD as a location: UTC for Z, else a fixed zone.
func (p *parser) zone() *time.Location {
	off := p.offset()
	if p.err != nil || off == 0 {
		return time.UTC
	}
	return time.FixedZone("", int(off/time.Second))
}

// maxOffset is the largest zone offset XML Schema allows.
const maxOffset = 14 * time.Hour

// offset reads Z or (+|-)hh:mm.
func (p *parser) offset() time.Duration {
	if p.err != nil {
		return 0
	}
	if p.i >= len(p.s) {
		p.fail(errShort)
		return 0
	}
	c := p.s[p.i]
	if c == 'Z' {
		p.i++
		return 0
	}
	if c != '+' && c != '-' {
		p.fail(errors.New("zone expected"))
		return 0
	}
	p.i++
	h := p.digits(2)
	p.byte(':')
	m := p.digits(2)
	off := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if p.err == nil && (m > 59 || off > maxOffset) {
		p.fail(errRange)
	}
	if c == '-' {
		off = -off
	}
	return off
}
