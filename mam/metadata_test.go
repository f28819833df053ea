package mam_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestParseMetadata: the <metadata/> of §7.1, empty or with both ends;
// anything else is refused with ErrBadMetadata, and what is accepted
// survives writing and parsing back.
func TestParseMetadata(t *testing.T) {
	t0 := time.Date(2008, 8, 22, 21, 9, 4, 0, time.UTC)
	t1 := time.Date(2020, 4, 20, 14, 34, 21, 500_000_000, time.UTC)
	for _, tt := range []struct {
		name, in string
		want     mam.Metadata
		err      bool
	}{
		{"empty", `<metadata xmlns='urn:xmpp:mam:2'/>`, mam.Metadata{Empty: true}, false},
		{"both ends", `<metadata xmlns='urn:xmpp:mam:2'><start id='YWxwaGEg' timestamp='2008-08-22T21:09:04Z'/><end id='b21lZ2Eg' timestamp='2020-04-20T14:34:21.5Z'/></metadata>`,
			mam.Metadata{Start: mam.ArchiveMark{ID: "YWxwaGEg", Time: t0}, End: mam.ArchiveMark{ID: "b21lZ2Eg", Time: t1}}, false},
		{"start only", `<metadata xmlns='urn:xmpp:mam:2'><start id='a' timestamp='2008-08-22T21:09:04Z'/></metadata>`, mam.Metadata{}, true},
		{"no id", `<metadata xmlns='urn:xmpp:mam:2'><start timestamp='2008-08-22T21:09:04Z'/><end id='b' timestamp='2008-08-22T21:09:04Z'/></metadata>`, mam.Metadata{}, true},
		{"bad timestamp", `<metadata xmlns='urn:xmpp:mam:2'><start id='a' timestamp='yesterday'/><end id='b' timestamp='2008-08-22T21:09:04Z'/></metadata>`, mam.Metadata{}, true},
		{"other element", `<metadata xmlns='urn:xmpp:mam:1'/>`, mam.Metadata{}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mam.ParseMetadata(xmpptest.Element(t, tt.in))
			if tt.err {
				if !errors.Is(err, mam.ErrBadMetadata) {
					t.Fatalf("got %+v, %v; want ErrBadMetadata", got, err)
				}
				return
			}
			if err != nil || !sameMetadata(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			back, err := mam.ParseMetadata(xmpptest.Element(t, xmpptest.Marshal(t, got)))
			if err != nil || !sameMetadata(back, got) {
				t.Fatalf("round trip: %+v, %v", back, err)
			}
		})
	}
}

func sameMetadata(a, b mam.Metadata) bool {
	return a.Empty == b.Empty && a.Start.ID == b.Start.ID && a.End.ID == b.End.ID &&
		a.Start.Time.Equal(b.Start.Time) && a.End.Time.Equal(b.End.Time)
}

// FuzzParseMetadata: ParseMetadata never panics, and what it accepts
// survives writing and parsing back.
func FuzzParseMetadata(f *testing.F) {
	for _, s := range []string{
		`<metadata xmlns='urn:xmpp:mam:2'/>`,
		`<metadata xmlns='urn:xmpp:mam:2'><start id='a' timestamp='2008-08-22T21:09:04Z'/><end id='b' timestamp='2020-04-20T14:34:21.123+02:00'/></metadata>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		m, err := mam.ParseMetadata(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, m))
		if err != nil {
			t.Fatal(err)
		}
		again, err := mam.ParseMetadata(back)
		if err != nil || !sameMetadata(again, m) {
			t.Fatalf("%q: round trip: %+v, %v", s, again, err)
		}
	})
}
