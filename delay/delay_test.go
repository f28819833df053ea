package delay_test

import (
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

var stamp = time.Date(2002, 9, 10, 23, 8, 25, 0, time.UTC)

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      delay.Delay
		want    string
		wantErr error
	}{
		{"full", delay.Delay{Stamp: stamp, From: jid.MustParse("capulet.com"), Reason: "Offline Storage"},
			`<delay xmlns="urn:xmpp:delay" from="capulet.com" stamp="2002-09-10T23:08:25Z">Offline Storage</delay>`, nil},
		{"stamp only, converted to UTC", delay.Delay{Stamp: stamp.In(time.FixedZone("", 3600))},
			`<delay xmlns="urn:xmpp:delay" stamp="2002-09-10T23:08:25Z"/>`, nil},
		{"reason escaped", delay.Delay{Stamp: stamp, Reason: "a<b & c"},
			`<delay xmlns="urn:xmpp:delay" stamp="2002-09-10T23:08:25Z">a&lt;b &amp; c</delay>`, nil},
		{"no stamp", delay.Delay{Reason: "x"}, "", delay.ErrNoStamp},
	} {
		got, err := xmpptest.MarshalString("jabber:client", tc.in)
		if !errors.Is(err, tc.wantErr) || got != tc.want {
			t.Errorf("%s: got %s, %v; want %s, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    delay.Delay
		wantErr error
	}{
		{"XEP-0203 example", `<delay xmlns='urn:xmpp:delay' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>`,
			delay.Delay{Stamp: stamp, From: jid.MustParse("capulet.com"), Reason: "Offline Storage"}, nil},
		{"offset stamp returned in UTC", `<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T18:08:25-05:00'/>`,
			delay.Delay{Stamp: stamp}, nil},
		{"fraction", `<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25.250Z'/>`,
			delay.Delay{Stamp: stamp.Add(250 * time.Millisecond)}, nil},
		{"no stamp", `<delay xmlns='urn:xmpp:delay' from='capulet.com'/>`, delay.Delay{}, delay.ErrNoStamp},
		{"legacy stamp", `<delay xmlns='urn:xmpp:delay' stamp='20020910T23:08:25'/>`, delay.Delay{}, xtime.ErrFormat},
		{"bad from", `<delay xmlns='urn:xmpp:delay' from='a@b@c' stamp='2002-09-10T23:08:25Z'/>`, delay.Delay{}, delay.ErrBadFrom},
		{"empty from", `<delay xmlns='urn:xmpp:delay' from='' stamp='2002-09-10T23:08:25Z'/>`, delay.Delay{}, delay.ErrBadFrom},
		{"legacy namespace", `<x xmlns='jabber:x:delay' stamp='20020910T23:08:25'/>`, delay.Delay{}, delay.ErrNotDelay},
	} {
		el, err := xmpptest.ReadElement("", tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := delay.Parse(el)
		if !errors.Is(err, tc.wantErr) || !got.Stamp.Equal(tc.want.Stamp) || got.From != tc.want.From || got.Reason != tc.want.Reason {
			t.Errorf("%s: got %+v, %v; want %+v, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		ok     bool
		hasErr bool
	}{
		{"present", `<message xmlns='jabber:client'><body>x</body><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>`, true, false},
		{"absent", `<message xmlns='jabber:client'><body>x</body></message>`, false, false},
		{"legacy only", `<message xmlns='jabber:client'><x xmlns='jabber:x:delay' stamp='20020910T23:08:25'/></message>`, false, false},
		{"malformed", `<presence xmlns='jabber:client'><delay xmlns='urn:xmpp:delay'/></presence>`, false, true},
		{"nested is not a child", `<message xmlns='jabber:client'><x><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></x></message>`, false, false},
	} {
		el, err := xmpptest.ReadElement("", tc.in)
		if err != nil {
			t.Fatal(err)
		}
		d, ok, err := delay.Find(el)
		if ok != tc.ok || (err != nil) != tc.hasErr || ok && !d.Stamp.Equal(stamp) {
			t.Errorf("%s: got %+v, %v, %v", tc.name, d, ok, err)
		}
	}
}
