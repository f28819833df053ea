package sm_test

import (
	"testing"

	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWireEnable(t *testing.T) {
	xmpptest.RunWire(t, sm.ParseEnable, []xmpptest.WireCase[sm.Enable]{
		{Name: "plain", XML: `<enable xmlns='urn:xmpp:sm:3'/>`, Value: sm.Enable{}},
		{Name: "resume", XML: `<enable xmlns='urn:xmpp:sm:3' resume='true' max='300'/>`, Value: sm.Enable{Resume: true, Max: 300}},
		{Name: "resume 1", XML: `<enable xmlns='urn:xmpp:sm:3' resume='1'/>`, Value: sm.Enable{Resume: true}, ParseOnly: true},
		{Name: "resume false", XML: `<enable xmlns='urn:xmpp:sm:3' resume='0'/>`, Value: sm.Enable{}, ParseOnly: true},
		{Name: "huge max", XML: `<enable xmlns='urn:xmpp:sm:3' max='99999999999999999999'/>`, Value: sm.Enable{Max: 1<<32 - 1}, ParseOnly: true},
		{Name: "bad resume", XML: `<enable xmlns='urn:xmpp:sm:3' resume='yes'/>`, WantErr: sm.ErrBadElement},
		{Name: "zero max", XML: `<enable xmlns='urn:xmpp:sm:3' max='0'/>`, WantErr: sm.ErrBadElement},
		{Name: "other", XML: `<enabled xmlns='urn:xmpp:sm:3'/>`, WantErr: sm.ErrBadElement},
	})
}

func TestWireEnabled(t *testing.T) {
	xmpptest.RunWire(t, sm.ParseEnabled, []xmpptest.WireCase[sm.Enabled]{
		{Name: "plain", XML: `<enabled xmlns='urn:xmpp:sm:3'/>`, Value: sm.Enabled{}},
		{Name: "resumable", XML: `<enabled xmlns='urn:xmpp:sm:3' id='some-long-sm-id' resume='true' max='600' location='[2001:41D0:1:A49b::1]:9222'/>`,
			Value: sm.Enabled{ID: "some-long-sm-id", Resume: true, Max: 600, Location: "[2001:41D0:1:A49b::1]:9222"}},
		{Name: "id only", XML: `<enabled xmlns='urn:xmpp:sm:3' id='x'/>`, Value: sm.Enabled{ID: "x"}},
		{Name: "resumable without id", XML: `<enabled xmlns='urn:xmpp:sm:3' resume='true'/>`, WantErr: sm.ErrBadElement},
	})
}

func TestWireResume(t *testing.T) {
	xmpptest.RunWire(t, sm.ParseResume, []xmpptest.WireCase[sm.Resume]{
		{Name: "resume", XML: `<resume xmlns='urn:xmpp:sm:3' h='4294967295' previd='some-long-sm-id'/>`, Value: sm.Resume{PrevID: "some-long-sm-id", H: 1<<32 - 1}},
		{Name: "no previd", XML: `<resume xmlns='urn:xmpp:sm:3' h='1'/>`, WantErr: sm.ErrBadElement},
		{Name: "no h", XML: `<resume xmlns='urn:xmpp:sm:3' previd='a'/>`, WantErr: sm.ErrBadElement},
		{Name: "h too large", XML: `<resume xmlns='urn:xmpp:sm:3' previd='a' h='4294967296'/>`, WantErr: sm.ErrBadElement},
	})
	xmpptest.RunWire(t, sm.ParseResumed, []xmpptest.WireCase[sm.Resumed]{
		{Name: "resumed", XML: `<resumed xmlns='urn:xmpp:sm:3' h='0' previd='p'/>`, Value: sm.Resumed{PrevID: "p"}},
		{Name: "negative h", XML: `<resumed xmlns='urn:xmpp:sm:3' h='-1' previd='p'/>`, WantErr: sm.ErrBadElement},
	})
}

func TestWireFailed(t *testing.T) {
	xmpptest.RunWire(t, sm.ParseFailed, []xmpptest.WireCase[sm.Failed]{
		{Name: "bare", XML: `<failed xmlns='urn:xmpp:sm:3'/>`, Value: sm.Failed{}},
		{Name: "condition", XML: `<failed xmlns='urn:xmpp:sm:3'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>`,
			Value: sm.Failed{Condition: stanza.UnexpectedRequest}},
		{Name: "timed out", XML: `<failed xmlns='urn:xmpp:sm:3' h='12'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>`,
			Value: sm.Failed{Condition: stanza.ItemNotFound, H: 12, HasH: true}},
		{Name: "text first", XML: `<failed xmlns='urn:xmpp:sm:3'><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>x</text><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>`,
			Value: sm.Failed{Condition: stanza.ItemNotFound}, ParseOnly: true},
		{Name: "bad h", XML: `<failed xmlns='urn:xmpp:sm:3' h='x'/>`, WantErr: sm.ErrBadElement},
	})
}

func TestWireAcks(t *testing.T) {
	xmpptest.RunWire(t, sm.ParseAck, []xmpptest.WireCase[sm.Ack]{
		{Name: "a", XML: `<a xmlns='urn:xmpp:sm:3' h='7'/>`, Value: sm.Ack{H: 7}},
		{Name: "no h", XML: `<a xmlns='urn:xmpp:sm:3'/>`, WantErr: sm.ErrBadElement},
		{Name: "empty h", XML: `<a xmlns='urn:xmpp:sm:3' h=''/>`, WantErr: sm.ErrBadElement},
		{Name: "hex h", XML: `<a xmlns='urn:xmpp:sm:3' h='0x10'/>`, WantErr: sm.ErrBadElement},
	})
	xmpptest.RunWire(t, sm.ParseRequest, []xmpptest.WireCase[sm.Request]{
		{Name: "r", XML: `<r xmlns='urn:xmpp:sm:3'/>`, Value: sm.Request{}},
		{Name: "wrong namespace", XML: `<r xmlns='urn:xmpp:sm:2'/>`, WantErr: sm.ErrBadElement},
	})
}

func TestFailedIs(t *testing.T) {
	f := sm.Failed{Condition: stanza.ItemNotFound}
	for _, tc := range []struct {
		target error
		want   bool
	}{
		{sm.Failed{}, true},
		{sm.Failed{Condition: stanza.ItemNotFound}, true},
		{sm.Failed{Condition: stanza.UnexpectedRequest}, false},
		{sm.ErrQueueFull, false},
	} {
		if got := f.Is(tc.target); got != tc.want {
			t.Errorf("Is(%v) = %v", tc.target, got)
		}
	}
}
