package xmlstream

import "strings"

// piOrDecl handles "<?" at pos: the XML declaration where one is allowed,
// and otherwise a processing instruction, which RFC 6120 §11.1 forbids.
func (d *Decoder) piOrDecl(declOK bool) error {
	d.pos += 2
	prefix, local, err := d.readName()
	if err != nil {
		return err
	}
	if !declOK || prefix != symEmpty || local != symXML {
		return d.restricted("processing instruction")
	}
	return d.readXMLDecl()
}

// xmlDeclAttrs are the pseudo-attributes of the XML declaration, in the
// order XML 1.0 §2.8 requires.
var xmlDeclAttrs = [...]string{"version", "encoding", "standalone"}

// readXMLDecl reads the rest of an XML declaration after "<?xml".
func (d *Decoder) readXMLDecl() error {
	next := 0
	for {
		sawSpace, err := d.skipSpace()
		if err != nil {
			return d.eof(err)
		}
		if d.buf[d.pos] == '?' {
			d.pos++
			if next == 0 {
				return d.notWellFormed("XML declaration without version")
			}
			return d.expect('>', "'?>' to end the XML declaration")
		}
		if !sawSpace {
			return d.notWellFormed("expected white space in the XML declaration")
		}
		idx, err := d.readDeclAttr(next)
		if err != nil {
			return err
		}
		next = idx + 1
	}
}

// readDeclAttr reads one pseudo-attribute, which must come at or after
// position next in xmlDeclAttrs, and checks its value.
func (d *Decoder) readDeclAttr(next int) (int, error) {
	prefix, local, err := d.readName()
	if err != nil {
		return 0, err
	}
	idx := -1
	for i := next; i < len(xmlDeclAttrs); i++ {
		if prefix == symEmpty && d.syms.name(local) == xmlDeclAttrs[i] {
			idx = i
		}
	}
	if idx < 0 || next == 0 && idx != 0 {
		return 0, d.notWellFormed("unexpected %q in the XML declaration", d.qname(prefix, local))
	}
	if err := d.readEq(); err != nil {
		return 0, err
	}
	quote := d.buf[d.pos]
	if quote != '"' && quote != '\'' {
		return 0, d.notWellFormed("XML declaration value without quotes")
	}
	d.pos++
	off := len(d.scratch)
	if err := d.readAttrValue(quote); err != nil {
		return 0, err
	}
	err = d.checkDeclValue(idx, d.scratch[off:])
	d.scratch = d.scratch[:off]
	return idx, err
}

// checkDeclValue checks the value of pseudo-attribute idx. It takes the
// value's bytes and makes a string of them only for an error: an accepted
// declaration, which opens every stream, allocates nothing.
func (d *Decoder) checkDeclValue(idx int, val []byte) error {
	switch idx {
	case 0:
		if string(val) != "1.0" {
			// RFC 6120 §11.6: XMPP uses XML 1.0.
			return d.notWellFormed("XML version %q (only 1.0 is allowed)", string(val))
		}
	case 1:
		if !isEncName(val) {
			return d.notWellFormed("encoding name %q", string(val))
		}
		if !strings.EqualFold(string(val), "UTF-8") {
			return d.errorf(UnsupportedEncoding, "encoding %q (only UTF-8 is supported)", string(val))
		}
	case 2:
		if string(val) != "yes" && string(val) != "no" {
			return d.notWellFormed("standalone %q", string(val))
		}
	}
	return nil
}

// isEncName reports whether s matches EncName: [A-Za-z] ([A-Za-z0-9._] | '-')*.
func isEncName(s []byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
			return false
		}
	}
	return len(s) > 0
}
