package version_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, version.Parse, []xmpptest.WireCase[version.Info]{
		{Name: "full",
			XML:   `<query xmlns='jabber:iq:version'><name>Exodus</name><version>0.7.0.4</version><os>Windows-XP 5.01.2600</os></query>`,
			Value: version.Info{Name: "Exodus", Version: "0.7.0.4", OS: "Windows-XP 5.01.2600"}},
		{Name: "no os", XML: `<query xmlns='jabber:iq:version'><name>Canto</name><version>1.0</version></query>`,
			Value: version.Info{Name: "Canto", Version: "1.0"}},
		{Name: "empty", XML: `<query xmlns='jabber:iq:version'><name/><version/></query>`, Value: version.Info{}},
		{Name: "any order, extensions ignored", ParseOnly: true,
			XML:   `<query xmlns='jabber:iq:version'><version>1</version><name>x</name><extra xmlns='urn:x'/></query>`,
			Value: version.Info{Name: "x", Version: "1"}},
		{Name: "no version", XML: `<query xmlns='jabber:iq:version'><name>x</name></query>`, WantErr: version.ErrMissing},
		{Name: "nothing", XML: `<query xmlns='jabber:iq:version'/>`, WantErr: version.ErrMissing},
		{Name: "name in another namespace", XML: `<query xmlns='jabber:iq:version'><name xmlns='urn:x'>x</name><version>1</version></query>`,
			WantErr: version.ErrMissing},
		{Name: "not a version query", XML: `<query xmlns='jabber:iq:last'/>`, WantErr: version.ErrNotQuery},
	})
}

// TestGet asks in both directions, each side answering with its Handler.
func TestGet(t *testing.T) {
	clientSW := version.Handler{Name: "Canto client", Version: "0.1"}
	serverSW := version.Handler{Name: "Canto server", Version: "0.2", OS: "Plan 9"}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(clientSW.Handle()), mux.New(serverSW.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name string
		s    *xmpp.Session
		want version.Info
	}{
		{"client asks server", client, version.Info{Name: "Canto server", Version: "0.2", OS: "Plan 9"}},
		{"server asks client", server, version.Info{Name: "Canto client", Version: "0.1"}},
	} {
		got, err := version.Get(ctx, tc.s, tc.s.RemoteAddr())
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

func TestGetErrors(t *testing.T) {
	empty := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		return nil, nil
	})
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(mux.Get(version.Name, empty)), mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := version.Get(ctx, client, client.RemoteAddr()); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("no handler: got %v, want service-unavailable", err)
	}
	if _, err := version.Get(ctx, server, server.RemoteAddr()); !errors.Is(err, xmpp.ErrNoPayload) {
		t.Errorf("empty result: got %v, want ErrNoPayload", err)
	}
}

// TestHandlerRefuses: routed by its Handle, it answers the version query
// and nothing else.
func TestHandlerRefuses(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(version.Handler{Name: "x"}.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	q := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		_ = w.Start(xml.Name{Space: version.NS, Local: "query"})
		return w.End()
	})
	if _, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, q); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("IQ set: got %v, want service-unavailable", err)
	}
	if got, err := version.Get(ctx, client, client.RemoteAddr()); err != nil || got.Name != "x" {
		t.Errorf("IQ get: got %+v, %v", got, err)
	}
}
