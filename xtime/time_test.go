package xtime_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

func TestTimeWire(t *testing.T) {
	utc := time.Date(2006, 12, 19, 17, 58, 35, 0, time.UTC)
	xmpptest.RunWire(t, xtime.Parse, []xmpptest.WireCase[xtime.Time]{
		{Name: "west", XML: `<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`,
			Value: xtime.Time{UTC: utc, TZO: -6 * time.Hour}},
		{Name: "from a local time", XML: `<time xmlns="urn:xmpp:time"><tzo>+06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`,
			Value: xtime.FromTime(time.Date(2006, 12, 19, 23, 58, 35, 0, time.FixedZone("", 6*3600)))},
		{Name: "UTC", XML: `<time xmlns="urn:xmpp:time"><tzo>+00:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`,
			Value: xtime.Time{UTC: utc}},
		{Name: "utc with an offset, tzo Z", ParseOnly: true,
			XML:   `<time xmlns='urn:xmpp:time'><utc>2006-12-19T11:58:35-06:00</utc><tzo>Z</tzo></time>`,
			Value: xtime.Time{UTC: utc}},
		{Name: "no utc", XML: `<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo></time>`, WantErr: xtime.ErrMissingTime},
		{Name: "no tzo", XML: `<time xmlns='urn:xmpp:time'><utc>2006-12-19T17:58:35Z</utc></time>`, WantErr: xtime.ErrMissingTime},
		{Name: "bad tzo", XML: `<time xmlns='urn:xmpp:time'><tzo>-6</tzo><utc>2006-12-19T17:58:35Z</utc></time>`, WantErr: xtime.ErrFormat},
		{Name: "bad utc", XML: `<time xmlns='urn:xmpp:time'><tzo>Z</tzo><utc>yesterday</utc></time>`, WantErr: xtime.ErrFormat},
		{Name: "legacy namespace", XML: `<time xmlns='jabber:iq:time'/>`, WantErr: xtime.ErrNotTime},
	})
}

// fixed answers with a clock six hours west of UTC.
var fixed = xtime.Handler{Now: func() time.Time {
	return time.Date(2006, 12, 19, 11, 58, 35, 0, time.FixedZone("CST", -6*3600))
}}

// TestGet asks in both directions: the client asks the server, and the
// server asks the client, each answering with the handler it registered.
func TestGet(t *testing.T) {
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(fixed.Handle()), mux.New(fixed.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, dir := range []struct {
		name string
		s    *xmpp.Session
	}{{"client asks server", client}, {"server asks client", server}} {
		got, err := xtime.Get(ctx, dir.s, dir.s.RemoteAddr())
		if err != nil {
			t.Fatalf("%s: %v", dir.name, err)
		}
		if _, off := got.Zone(); off != -6*3600 || !got.Equal(fixed.Now()) {
			t.Errorf("%s: got %v (offset %d)", dir.name, got, off)
		}
	}
}

func TestGetUnsupported(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := xtime.Get(ctx, client, jid0)
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("got %v, want service-unavailable", err)
	}
}

// TestHandlerRefuses checks that the handler, routed by its Handle,
// answers only what it serves.
func TestHandlerRefuses(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(fixed.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, xmlPayload(xtime.Name))
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("IQ set: got %v, want service-unavailable", err)
	}
}
