package mam

import (
	"errors"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xtime"
)

// Metadata is an archive's <metadata/> (§7.1): the archive ids and times
// of its first and last messages, or neither when it holds none. A
// client catching up asks for what follows End (see [Handler.Since]).
type Metadata struct {
	// Start and End are the first and last messages; zero when Empty.
	Start, End ArchiveMark
	// Empty reports an archive without messages.
	Empty bool
}

// ArchiveMark is one end of an archive: a message's archive id and when
// it was archived.
type ArchiveMark struct {
	ID   string
	Time time.Time
}

// ErrBadMetadata is returned by [ParseMetadata] for a <metadata/> without
// both ends, or with an end lacking its id or a valid timestamp.
var ErrBadMetadata = errors.New("mam: malformed <metadata/>")

// ParseMetadata parses el, a <metadata/> in the mam:2 namespace.
func ParseMetadata(el *xmlstream.Element) (Metadata, error) {
	if el.Name() != MetadataName {
		return Metadata{}, ErrBadMetadata
	}
	start, hasStart := el.Child(NS, "start")
	end, hasEnd := el.Child(NS, "end")
	if !hasStart && !hasEnd {
		return Metadata{Empty: true}, nil
	}
	if !hasStart || !hasEnd {
		return Metadata{}, ErrBadMetadata
	}
	var m Metadata
	for _, e := range []struct {
		el  *xmlstream.Element
		out *ArchiveMark
	}{{start, &m.Start}, {end, &m.End}} {
		id := e.el.Attr("id")
		t, err := xtime.ParseDateTime(e.el.Attr("timestamp"))
		if id == "" || err != nil {
			return Metadata{}, ErrBadMetadata
		}
		*e.out = ArchiveMark{ID: id, Time: t}
	}
	return m, nil
}

// WriteXML writes the <metadata/> element.
func (m Metadata) WriteXML(w xmlstream.Encoder) error {
	md := metadata{ok: !m.Empty}
	if !m.Empty {
		md.first = Stored{ID: m.Start.ID, Time: m.Start.Time}
		md.last = Stored{ID: m.End.ID, Time: m.End.Time}
	}
	return md.WriteXML(w)
}
