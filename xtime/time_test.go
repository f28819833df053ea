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

func TestTimeEncode(t *testing.T) {
	for _, tc := range []struct {
		in   xtime.Time
		want string
	}{
		{xtime.Time{UTC: time.Date(2006, 12, 19, 17, 58, 35, 0, time.UTC), TZO: -6 * time.Hour},
			`<time xmlns="urn:xmpp:time"><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`},
		{xtime.FromTime(time.Date(2006, 12, 19, 23, 58, 35, 0, time.FixedZone("", 6*3600))),
			`<time xmlns="urn:xmpp:time"><tzo>+06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`},
		{xtime.Time{UTC: time.Date(2006, 12, 19, 17, 58, 35, 0, time.UTC)},
			`<time xmlns="urn:xmpp:time"><tzo>+00:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`},
	} {
		if got := xmpptest.Marshal(t, tc.in); got != tc.want {
			t.Errorf("got %s\nwant %s", got, tc.want)
		}
	}
}

func TestTimeDecode(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    xtime.Time
		wantErr error
	}{
		{in: `<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo><utc>2006-12-19T17:58:35Z</utc></time>`,
			want: xtime.Time{UTC: time.Date(2006, 12, 19, 17, 58, 35, 0, time.UTC), TZO: -6 * time.Hour}},
		{in: `<time xmlns='urn:xmpp:time'><utc>2006-12-19T11:58:35-06:00</utc><tzo>Z</tzo></time>`,
			want: xtime.Time{UTC: time.Date(2006, 12, 19, 17, 58, 35, 0, time.UTC)}},
		{in: `<time xmlns='urn:xmpp:time'><tzo>-06:00</tzo></time>`, wantErr: xtime.ErrMissingTime},
		{in: `<time xmlns='urn:xmpp:time'><utc>2006-12-19T17:58:35Z</utc></time>`, wantErr: xtime.ErrMissingTime},
		{in: `<time xmlns='urn:xmpp:time'><tzo>-6</tzo><utc>2006-12-19T17:58:35Z</utc></time>`, wantErr: xtime.ErrFormat},
		{in: `<time xmlns='urn:xmpp:time'><tzo>Z</tzo><utc>yesterday</utc></time>`, wantErr: xtime.ErrFormat},
		{in: `<time xmlns='jabber:iq:time'/>`, wantErr: xtime.ErrNotTime},
	} {
		el, err := xmpptest.ReadElement("", tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := xtime.Parse(el)
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Parse(%s) error %v, want %v", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !got.UTC.Equal(tc.want.UTC) || got.TZO != tc.want.TZO {
			t.Errorf("Parse(%s) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
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

// TestHandlerRefuses checks that the handler, used directly as a session's
// handler, answers only what it serves.
func TestHandlerRefuses(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, fixed))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, xmlPayload(xtime.Name))
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("IQ set: got %v, want service-unavailable", err)
	}
}
