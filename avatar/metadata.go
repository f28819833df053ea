package avatar

import (
	"encoding/xml"
	"errors"
	"strconv"

	"github.com/canto-im/xmpp/hashes"
	"github.com/canto-im/xmpp/xmlstream"
)

// MetadataName is the <metadata/> element of a metadata node item.
var MetadataName = xml.Name{Space: MetadataNode, Local: "metadata"}

// MaxInfos bounds the <info/> children ParseMetadata keeps; §4.2 expects
// a handful (one per format of the same image).
const MaxInfos = 16

// MaxHashes bounds the XEP-0300 hashes ParseMetadata keeps per <info/>:
// one per algorithm is all a publisher needs.
const MaxHashes = 8

// ErrInvalidMetadata refuses a <metadata/> that is not one, or an <info/>
// without its required attributes (§4.2.1: bytes, id, type).
var ErrInvalidMetadata = errors.New("avatar: invalid <metadata xmlns='urn:xmpp:avatar:metadata'/>")

// Metadata describes the current avatar. No Infos is how a user disables
// their avatar (§4.4).
type Metadata struct {
	Infos []Info
}

// Info is one format of the avatar (§4.2.1).
type Info struct {
	Bytes  int    // size of the image in bytes
	ID     string // hex SHA-1 of the image bytes
	Type   string // MIME type, such as "image/png"
	Width  int    // pixels; 0 for unknown
	Height int    // pixels; 0 for unknown
	URL    string // where to fetch it by HTTP instead of the data node; empty for the data node
	// Hashes are XEP-0300 hashes of the image, carried as <hash/>
	// children of <info/> (XEP-0084 allows extension children); Fetch
	// checks every one it can compute, besides the SHA-1 ID. Nil for
	// none.
	Hashes []hashes.Hash
}

// WriteXML writes m as a <metadata/>.
func (m Metadata) WriteXML(e xmlstream.Encoder) error {
	return e.Element(MetadataName, nil, func(e xmlstream.Encoder) error {
		for _, in := range m.Infos {
			attrs := []xml.Attr{attr("bytes", strconv.Itoa(in.Bytes)), attr("id", in.ID), attr("type", in.Type)}
			if in.Width > 0 {
				attrs = append(attrs, attr("width", strconv.Itoa(in.Width)))
			}
			if in.Height > 0 {
				attrs = append(attrs, attr("height", strconv.Itoa(in.Height)))
			}
			if in.URL != "" {
				attrs = append(attrs, attr("url", in.URL))
			}
			name := xml.Name{Space: MetadataNode, Local: "info"}
			if len(in.Hashes) == 0 {
				if err := e.EmptyElement(name, attrs...); err != nil {
					return err
				}
				continue
			}
			err := e.Element(name, attrs, func(e xmlstream.Encoder) error {
				for _, h := range in.Hashes {
					if err := h.WriteXML(e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func attr(local, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: local}, Value: v} }

// ParseMetadata reads a <metadata/>. Children other than <info/> (such
// as <pointer/>, §4.2.2) are skipped, and so are children of <info/>
// other than XEP-0300 <hash/>; a malformed <hash/>, or more than
// MaxHashes, refuses the metadata.
func ParseMetadata(el *xmlstream.Element) (Metadata, error) {
	if el.Name() != MetadataName {
		return Metadata{}, ErrInvalidMetadata
	}
	var m Metadata
	for ch := range el.Children() {
		if ch.Name() != (xml.Name{Space: MetadataNode, Local: "info"}) {
			continue
		}
		if len(m.Infos) == MaxInfos {
			return Metadata{}, ErrInvalidMetadata
		}
		in := Info{ID: ch.Attr("id"), Type: ch.Attr("type"), URL: ch.Attr("url")}
		var err error
		if in.Bytes, err = strconv.Atoi(ch.Attr("bytes")); err != nil || in.Bytes < 0 || in.ID == "" || in.Type == "" {
			return Metadata{}, ErrInvalidMetadata
		}
		for p, name := range map[*int]string{&in.Width: "width", &in.Height: "height"} {
			if v := ch.Attr(name); v != "" {
				if *p, err = strconv.Atoi(v); err != nil || *p < 0 {
					return Metadata{}, ErrInvalidMetadata
				}
			}
		}
		for h := range ch.Children() {
			if h.Name() != hashes.HashName {
				continue
			}
			if len(in.Hashes) == MaxHashes {
				return Metadata{}, ErrInvalidMetadata
			}
			v, err := hashes.ParseHash(h)
			if err != nil {
				return Metadata{}, ErrInvalidMetadata
			}
			in.Hashes = append(in.Hashes, v)
		}
		m.Infos = append(m.Infos, in)
	}
	return m, nil
}

// Current returns the Info of the image to fetch from the data node: the
// first without a URL, which §4.2.1 says is the image/png one.
func (m Metadata) Current() (Info, bool) {
	for _, in := range m.Infos {
		if in.URL == "" {
			return in, true
		}
	}
	return Info{}, false
}
