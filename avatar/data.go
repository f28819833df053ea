package avatar

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"strings"

	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces of XEP-0084 (§4.1, §4.2), which are also the PEP node names.
const (
	DataNode     = "urn:xmpp:avatar:data"
	MetadataNode = "urn:xmpp:avatar:metadata"
)

// DataName is the <data/> element of a data node item.
var DataName = xml.Name{Space: DataNode, Local: "data"}

// ErrInvalidData refuses a <data/> that is not base64.
var ErrInvalidData = errors.New("avatar: <data xmlns='urn:xmpp:avatar:data'/> is not base64")

// Data is the image of a data node item: its bytes, base64 on the wire.
type Data []byte

// WriteXML writes d as <data xmlns='urn:xmpp:avatar:data'/>; more than
// MaxDataSize bytes gives ErrTooLarge.
func (d Data) WriteXML(e xmlstream.Encoder) error {
	if len(d) > MaxDataSize {
		return ErrTooLarge
	}
	return e.TextElement(DataName, base64.StdEncoding.EncodeToString(d))
}

// ParseData reads a <data/>. Whitespace in the base64 is allowed (XML
// tools wrap long lines); the size is checked before decoding.
func ParseData(el *xmlstream.Element) (Data, error) {
	if el.Name() != DataName {
		return nil, ErrInvalidData
	}
	text := el.Text()
	if base64.StdEncoding.DecodedLen(len(text)) > MaxDataSize+base64.StdEncoding.DecodedLen(4096) {
		return nil, ErrTooLarge
	}
	text = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, text)
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, ErrInvalidData
	}
	if len(b) > MaxDataSize {
		return nil, ErrTooLarge
	}
	return Data(b), nil
}
