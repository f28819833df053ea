package xmlstream

import "unicode/utf8"

// Byte classes for the fast loops over character data and attribute values:
// a byte marked true needs a closer look.
var textSpecial, attrSpecial [256]bool

func init() {
	for c := range 256 {
		ctl := c < 0x20 && c != '\t' && c != '\n'
		textSpecial[c] = ctl || c >= utf8.RuneSelf || c == '<' || c == '&' || c == ']' || c == '\r'
		attrSpecial[c] = c < 0x20 || c >= utf8.RuneSelf || c == '<' || c == '&' || c == '"' || c == '\''
	}
}

// readText appends character data at pos to the scratch buffer, up to the
// next '<', resolving references and normalising line ends.
func (d *Decoder) readText() error {
	for {
		buf := d.buf[d.pos:d.end]
		i := skipPlainText(buf, 0)
		d.scratch = append(d.scratch, buf[:i]...)
		d.pos += i
		if i == len(buf) {
			if _, err := d.fill(d.pos); err != nil {
				return d.eof(err)
			}
			continue
		}
		var err error
		switch c := buf[i]; c {
		case '<':
			return nil
		case '&':
			err = d.readRef()
		case '\r':
			err = d.readCR('\n')
		case ']':
			err = d.readBracket()
		default:
			err = d.readRune(c)
		}
		if err != nil {
			return err
		}
	}
}

// readCR consumes a carriage return (and a line feed after it) and appends
// repl: XML 1.0 §2.11 turns "\r\n" and "\r" into "\n"; attribute values then
// turn it into a space (§3.3.3).
func (d *Decoder) readCR(repl byte) error {
	if err := d.ensure(2); err != nil {
		return err
	}
	d.pos++
	if d.buf[d.pos] == '\n' {
		d.pos++
	}
	d.scratch = append(d.scratch, repl)
	return nil
}

// readBracket consumes ']', refusing the "]]>" that character data must not hold.
func (d *Decoder) readBracket() error {
	if err := d.ensure(3); err != nil {
		return err
	}
	if d.buf[d.pos+1] == ']' && d.buf[d.pos+2] == '>' {
		return d.notWellFormed("]]> in character data")
	}
	d.pos++
	d.scratch = append(d.scratch, ']')
	return nil
}

// readRune consumes one character starting with byte c, which is either a
// control character or the first byte of a multi-byte sequence, and appends
// it if it is a valid XML Char.
func (d *Decoder) readRune(c byte) error {
	if c < utf8.RuneSelf {
		return d.notWellFormed("control character %#x", c)
	}
	for !utf8.FullRune(d.buf[d.pos:d.end]) {
		if _, err := d.fill(d.pos); err != nil {
			return d.eof(err)
		}
	}
	r, n := utf8.DecodeRune(d.buf[d.pos:d.end])
	if r == utf8.RuneError && n == 1 {
		return d.notWellFormed("invalid UTF-8")
	}
	if !isChar(r) {
		return d.notWellFormed("character %U not allowed in XML", r)
	}
	d.scratch = append(d.scratch, d.buf[d.pos:d.pos+n]...)
	d.pos += n
	return nil
}

// readAttrValue appends the value of an attribute, after its opening quote,
// to the scratch buffer and consumes the closing quote.
func (d *Decoder) readAttrValue(quote byte) error {
	start := d.offset()
	for {
		buf := d.buf[d.pos:d.end]
		i := skipPlainAttr(buf, 0)
		d.scratch = append(d.scratch, buf[:i]...)
		d.pos += i
		if d.offset()-start > int64(d.lim.MaxAttrValueBytes) {
			return d.policy("attribute value longer than %d bytes", d.lim.MaxAttrValueBytes)
		}
		if i == len(buf) {
			if _, err := d.fill(d.pos); err != nil {
				return d.eof(err)
			}
			continue
		}
		var err error
		switch c := buf[i]; c {
		case quote:
			d.pos++
			return nil
		case '"', '\'':
			d.scratch = append(d.scratch, c)
			d.pos++
		case '<':
			return d.notWellFormed("'<' in attribute value")
		case '&':
			err = d.readRef()
		case '\t', '\n':
			d.scratch = append(d.scratch, ' ')
			d.pos++
		case '\r':
			err = d.readCR(' ')
		default:
			err = d.readRune(c)
		}
		if err != nil {
			return err
		}
	}
}

// readCDATA appends the content of a CDATA section, after "<![CDATA[", and
// consumes its "]]>".
func (d *Decoder) readCDATA() error {
	for {
		buf := d.buf[d.pos:d.end]
		i := 0
		for i < len(buf) && !textSpecial[buf[i]] || i < len(buf) && (buf[i] == '<' || buf[i] == '&') {
			i++
		}
		d.scratch = append(d.scratch, buf[:i]...)
		d.pos += i
		if i == len(buf) {
			if _, err := d.fill(d.pos); err != nil {
				return d.eof(err)
			}
			continue
		}
		var err error
		switch c := buf[i]; c {
		case '\r':
			err = d.readCR('\n')
		case ']':
			if err = d.ensure(3); err == nil && d.buf[d.pos+1] == ']' && d.buf[d.pos+2] == '>' {
				d.pos += 3
				return nil
			}
			if err == nil {
				d.scratch = append(d.scratch, ']')
				d.pos++
			}
		default:
			err = d.readRune(c)
		}
		if err != nil {
			return err
		}
	}
}
