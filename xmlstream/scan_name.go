package xmlstream

import "unicode/utf8"

// asciiName marks the ASCII bytes that may appear in an NCName.
var asciiName [256]bool

func init() {
	for c := range 128 {
		asciiName[c] = asciiClass[c]&className != 0
	}
}

// readName scans a qualified name (Namespaces in XML 1.0 QName) at pos and
// returns its prefix ("" if none) and local part, interned.
func (d *Decoder) readName() (prefix, local sym, err error) {
	start, colon := d.pos, -1 // colon is relative to start
	i := d.pos
	for {
		buf := d.buf[:d.end]
		for i < len(buf) && asciiName[buf[i]] {
			i++
		}
		if i < len(buf) {
			c := buf[i]
			if c == ':' {
				if colon >= 0 {
					d.pos = i
					return 0, 0, d.notWellFormed("more than one colon in a name")
				}
				colon = i - start
				i++
				continue
			}
			if c < utf8.RuneSelf {
				break
			}
			if utf8.FullRune(buf[i:]) {
				r, n := utf8.DecodeRune(buf[i:])
				if r == utf8.RuneError && n == 1 || !isNameRune(r) {
					d.pos = i
					return 0, 0, d.notWellFormed("invalid character in name")
				}
				i += n
				continue
			}
		}
		if i-start > d.lim.MaxNameBytes {
			return 0, 0, d.policy("name longer than %d bytes", d.lim.MaxNameBytes)
		}
		shift, err := d.fill(start)
		start, i = start-shift, i-shift
		if err != nil {
			d.pos = i
			return 0, 0, d.eof(err)
		}
	}
	d.pos = i
	if i-start > d.lim.MaxNameBytes {
		return 0, 0, d.policy("name longer than %d bytes", d.lim.MaxNameBytes)
	}
	name := d.buf[start:i]
	if colon < 0 {
		if !nameStart(name) {
			return 0, 0, d.notWellFormed("expected a name")
		}
		return symEmpty, d.syms.internName(name), nil
	}
	if !nameStart(name[:colon]) || !nameStart(name[colon+1:]) {
		return 0, 0, d.notWellFormed("malformed qualified name")
	}
	return d.syms.internName(name[:colon]), d.syms.internName(name[colon+1:]), nil
}

// nameStart reports whether b, made of name characters, is non-empty and
// starts with a character that may start a name.
func nameStart(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if b[0] < utf8.RuneSelf {
		return asciiClass[b[0]]&classNameStart != 0
	}
	r, _ := utf8.DecodeRune(b)
	return isNameStartRune(r)
}
