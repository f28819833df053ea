package xmlstream

import (
	"unicode/utf8"
	"unsafe"
)

// maxRefLen bounds the bytes between '&' and ';' of a reference.
const maxRefLen = 64

// predefined are the five entities XML predefines, the only ones RFC 6120
// §11.1 allows.
var predefined = map[string]byte{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// readRef consumes a reference at pos ('&') and appends the character it
// stands for. References to entities other than the predefined ones are
// restricted XML; malformed ones and references to characters outside Char
// are not well-formed.
func (d *Decoder) readRef() error {
	i := d.pos + 1
	for {
		if i == d.end {
			shift, err := d.fill(d.pos)
			i -= shift
			if err != nil {
				return d.eof(err)
			}
			continue
		}
		c := d.buf[i]
		if c == ';' {
			break
		}
		if c != '#' && c != ':' && c < utf8.RuneSelf && asciiClass[c]&className == 0 {
			return d.notWellFormed("malformed reference")
		}
		i++
		if i-d.pos > maxRefLen {
			if d.buf[d.pos+1] == '#' {
				return d.notWellFormed("character reference too long")
			}
			return d.restricted("reference to an undeclared entity")
		}
	}
	body := d.buf[d.pos+1 : i]
	var err error
	if len(body) > 0 && body[0] == '#' {
		err = d.appendCharRef(body[1:])
	} else if c, ok := predefined[string(body)]; ok {
		d.scratch = append(d.scratch, c)
	} else if isName(unsafe.String(unsafe.SliceData(body), len(body))) {
		err = d.restricted("reference to an undeclared entity")
	} else {
		err = d.notWellFormed("malformed reference")
	}
	if err == nil {
		d.pos = i + 1
	}
	return err
}

// appendCharRef appends the character of a character reference, given what
// follows "&#".
func (d *Decoder) appendCharRef(ref []byte) error {
	base, digits := rune(10), ref
	if len(ref) > 0 && ref[0] == 'x' {
		base, digits = 16, ref[1:]
	}
	if len(digits) == 0 {
		return d.notWellFormed("malformed character reference")
	}
	var r rune
	for _, c := range digits {
		v := rune(-1)
		switch {
		case c >= '0' && c <= '9':
			v = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = rune(c-'A') + 10
		}
		if v < 0 {
			return d.notWellFormed("malformed character reference")
		}
		r = min(r*base+v, utf8.MaxRune+1)
	}
	if !isChar(r) {
		return d.notWellFormed("reference to character %#x, not allowed in XML", r)
	}
	d.scratch = utf8.AppendRune(d.scratch, r)
	return nil
}
