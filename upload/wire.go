package upload

import (
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of the protocol and the service's disco feature.
const NS = "urn:xmpp:http:upload:0"

// Element names.
var (
	RequestName = xml.Name{Space: NS, Local: "request"}
	SlotName    = xml.Name{Space: NS, Local: "slot"}
)

// Errors for elements that cannot be read.
var (
	ErrNotRequest = errors.New("upload: not a <request xmlns='urn:xmpp:http:upload:0'/>")
	ErrNotSlot    = errors.New("upload: not a <slot xmlns='urn:xmpp:http:upload:0'/>")
	ErrFilename   = errors.New("upload: file name empty, too long, or not a plain name")
	ErrSize       = errors.New("upload: size missing or not a non-negative integer")
	ErrSlotURL    = errors.New("upload: slot without its put and get URLs")
)

// maxFilename bounds a file name in bytes; common file systems stop at 255.
const maxFilename = 255

// Request is the <request/> of a slot request (§4).
type Request struct {
	Filename    string // the file's name, without directories
	Size        int64  // in bytes
	ContentType string // the MIME type; "" for none
}

// CheckFilename reports whether name is a plain file name a service may
// keep: not empty, at most 255 bytes of UTF-8, no path separators, not
// "." or "..", no control characters.
func CheckFilename(name string) error {
	if name == "" || len(name) > maxFilename || name == "." || name == ".." ||
		!utf8.ValidString(name) || strings.ContainsAny(name, `/\`) ||
		strings.ContainsFunc(name, unicode.IsControl) {
		return ErrFilename
	}
	return nil
}

// WriteXML writes r.
func (r Request) WriteXML(w xmlstream.Encoder) error {
	attr := []xml.Attr{
		{Name: xml.Name{Local: "filename"}, Value: r.Filename},
		{Name: xml.Name{Local: "size"}, Value: strconv.FormatInt(r.Size, 10)},
	}
	if r.ContentType != "" {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "content-type"}, Value: r.ContentType})
	}
	return w.EmptyElement(RequestName, attr...)
}

// ParseRequest reads a <request/>. It refuses a file name that
// [CheckFilename] refuses and a size that is not a decimal non-negative
// integer; a content type that is not a media type reads as none.
func ParseRequest(el *xmlstream.Element) (Request, error) {
	if el.Name() != RequestName {
		return Request{}, ErrNotRequest
	}
	r := Request{Filename: el.Attr("filename")}
	if err := CheckFilename(r.Filename); err != nil {
		return Request{}, err
	}
	size, err := parseSize(el.Attr("size"))
	if err != nil {
		return Request{}, err
	}
	r.Size = size
	if ct := el.Attr("content-type"); validContentType(ct) {
		r.ContentType = ct
	}
	return r, nil
}

// parseSize reads a size: decimal digits only (no sign), fitting an int64.
func parseSize(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, ErrSize
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, ErrSize
	}
	return n, nil
}

// Header is one <header/> of a slot's <put/>.
type Header struct{ Name, Value string }

// Slot is the <slot/> answering a request: where to PUT the file, with
// which headers, and where it will be found.
type Slot struct {
	PutURL string
	GetURL string
	// Headers are the <header/> elements of <put/>, in order. ParseSlot
	// keeps only the ones §5 allows (Authorization, Cookie, Expires),
	// with newlines stripped.
	Headers []Header
}

// allowedHeader returns the canonical form of a header §5 allows, or "".
func allowedHeader(name string) string {
	for _, h := range []string{"Authorization", "Cookie", "Expires"} {
		if strings.EqualFold(name, h) {
			return h
		}
	}
	return ""
}

// stripNewlines removes CR and LF, as §5 asks, so that a header from the
// service cannot inject another.
func stripNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return newlines.Replace(s)
}

var newlines = strings.NewReplacer("\r", "", "\n", "")

// WriteXML writes s.
func (s Slot) WriteXML(w xmlstream.Encoder) error {
	return w.Element(SlotName, nil, func(w xmlstream.Encoder) error {
		put := xml.Name{Space: NS, Local: "put"}
		urlAttr := xml.Attr{Name: xml.Name{Local: "url"}, Value: s.PutURL}
		err := w.Element(put, []xml.Attr{urlAttr}, func(w xmlstream.Encoder) error {
			for _, h := range s.Headers {
				name := xml.Attr{Name: xml.Name{Local: "name"}, Value: h.Name}
				if err := w.TextElement(xml.Name{Space: NS, Local: "header"}, h.Value, name); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return w.EmptyElement(xml.Name{Space: NS, Local: "get"}, xml.Attr{Name: xml.Name{Local: "url"}, Value: s.GetURL})
	})
}

// ParseSlot reads a <slot/>, keeping only the allowed headers.
func ParseSlot(el *xmlstream.Element) (Slot, error) {
	if el.Name() != SlotName {
		return Slot{}, ErrNotSlot
	}
	put, ok1 := el.Child(NS, "put")
	get, ok2 := el.Child(NS, "get")
	if !ok1 || !ok2 || put.Attr("url") == "" || get.Attr("url") == "" {
		return Slot{}, ErrSlotURL
	}
	s := Slot{PutURL: put.Attr("url"), GetURL: get.Attr("url")}
	for h := range put.Children() {
		if h.Name() != (xml.Name{Space: NS, Local: "header"}) {
			continue
		}
		if name := allowedHeader(stripNewlines(h.Attr("name"))); name != "" {
			s.Headers = append(s.Headers, Header{Name: name, Value: stripNewlines(h.Text())})
		}
	}
	return s, nil
}

// validContentType reports whether ct looks like type/subtype with
// token characters, short enough to send back as a header.
func validContentType(ct string) bool {
	if ct == "" || len(ct) > 255 {
		return false
	}
	typ, sub, ok := strings.Cut(ct, "/")
	if !ok || typ == "" {
		return false
	}
	sub, _, _ = strings.Cut(sub, ";")
	return sub != "" && isToken(typ) && isToken(strings.TrimSpace(sub))
}

func isToken(s string) bool {
	for _, c := range s {
		if c > unicode.MaxASCII || c <= ' ' || strings.ContainsRune(`()<>@,;:\"/[]?={}`, c) {
			return false
		}
	}
	return s != ""
}
