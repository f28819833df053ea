package xtime_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

// FuzzParseDateTime checks that the parser never panics and that what it
// accepts survives formatting and parsing back as the same instant.
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{
		"1969-07-21T02:56:15Z", "1969-07-20T21:56:15-05:00", "2002-09-10T23:41:07.123456789123Z",
		"2024-02-29T00:00:00+14:00", "2023-02-29T00:00:00Z", "19690721T02:56:15", "", "9999-12-31T23:59:59.9-14:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := xtime.ParseDateTime(s)
		if err != nil {
			return
		}
		back, err := xtime.ParseDateTime(xtime.FormatDateTime(got))
		if err != nil || !back.Equal(got.Truncate(time.Microsecond)) {
			t.Fatalf("%q: %v does not survive formatting (%v, %v)", s, got, back, err)
		}
	})
}

// FuzzParse checks the <time/> element parser and the Time profile parser.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`,
		`<time xmlns='urn:xmpp:time'><tzo>Z</tzo><utc>2006-12-19T17:58:35.5+01:00</utc></time>`,
		`<time xmlns='urn:xmpp:time'><tzo/><utc/></time>`,
		`<time xmlns='urn:xmpp:time'/>`,
		`16:00:00.5+07:00`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm, _, err := xtime.ParseTime(s); err == nil && tm.Year() != 0 {
			t.Fatalf("ParseTime(%q) gave year %d", s, tm.Year())
		}
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := xtime.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := xtime.Parse(back)
		if err != nil || !again.UTC.Equal(got.UTC) || again.TZO != got.TZO.Truncate(time.Minute) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
