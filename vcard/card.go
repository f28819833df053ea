package vcard

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0054 and the disco feature of an entity
// serving vCards (§3); Name, its <vCard/> element.
const NS = "vcard-temp"

var Name = xml.Name{Space: NS, Local: "vCard"}

// MaxPhotoSize is the largest PHOTO, in decoded bytes, that Parse accepts
// and WriteXML writes. XEP-0153 avatars are meant to be far smaller; the
// bound keeps a peer's vCard from costing unbounded memory twice over
// (base64 text and decoded bytes).
const MaxPhotoSize = 256 << 10

// Errors of Parse and WriteXML.
var (
	ErrInvalid       = errors.New("vcard: not a <vCard xmlns='vcard-temp'/>")
	ErrPhotoTooLarge = errors.New("vcard: PHOTO larger than MaxPhotoSize")
)

// Card is a vCard. The zero Card is an empty <vCard/>, which is how a
// server says there is none and how a user clears theirs. Empty strings
// and nil slices are not written.
type Card struct {
	FN       string    // formatted name
	N        NameParts // structured name
	Nickname string
	Photo    *Photo // nil for none
	BDay     string // birthday, as written: ISO 8601 (YYYY-MM-DD) by convention
	Addrs    []Addr
	Tels     []Tel
	Emails   []Email
	JabberID string
	Title    string
	Role     string
	Org      Org
	Note     string
	URL      string
	Desc     string
	// Extra are the children of the <vCard/> that the fields above do not
	// hold (other vCard properties, extensions, and common properties in a
	// shape the fields cannot hold exactly, such as a second FN), in the
	// order read, written after the fields. Parse gives elements that own
	// their storage; a caller may add its own.
	Extra []*xmlstream.Element
}

// NameParts is the structured name N.
type NameParts struct {
	Family, Given, Middle, Prefix, Suffix string
}

// Photo is PHOTO: an image inline (Type and Data) or by URL (External,
// EXTVAL).
type Photo struct {
	Type     string // the MIME type, such as "image/png"
	Data     []byte // the image; base64 on the wire (BINVAL)
	External string // a URL to fetch it from instead of Data
}

// Addr is an address ADR. Types are the names of its empty type flags, as
// written: "HOME", "WORK", "POSTAL", "PARCEL", "DOM", "INTL", "PREF".
type Addr struct {
	Types                                                   []string
	POBox, ExtAdd, Street, Locality, Region, PCode, Country string // Country is CTRY
}

// Tel is a telephone number TEL. Types are the names of its empty type
// flags: "HOME", "WORK", "VOICE", "FAX", "PAGER", "MSG", "CELL", "VIDEO",
// "BBS", "MODEM", "ISDN", "PCS", "PREF".
type Tel struct {
	Types  []string
	Number string
}

// Email is an address EMAIL. Types are the names of its empty type flags:
// "HOME", "WORK", "INTERNET", "PREF", "X400".
type Email struct {
	Types  []string
	UserID string
}

// Org is the organization ORG: its name and units, outermost first.
type Org struct {
	Name  string
	Units []string
}
