package sm_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// declining is a server's Bind 2 feature for stream management that
// declines every <enable/>, with answer in <bound/> (nil: none).
type declining struct{ answer xmlstream.Marshaler }

func (declining) Var() string { return sm.NS }
func (declining) BindRequest(context.Context, *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	return nil, errors.New("server side only")
}
func (declining) Bound(context.Context, *xmpp.Negotiation, *xmlstream.Element) error {
	return errors.New("server side only")
}
func (d declining) Enable(context.Context, *xmpp.Negotiation, jid.JID, *xmlstream.Element) (xmlstream.Marshaler, error) {
	return d.answer, xmpp.ErrBindNotEnabled
}

// TestBind2Declined: when the server declines stream management inside
// Bind 2 (a <failed/> in <bound/>, or no answer at all), the login goes
// on and neither side's SASL2Of lists urn:xmpp:sm:3 as enabled;
// WaitEnabled reports the refusal. When the server enables it, both list
// it.
func TestBind2Declined(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	for _, tt := range []struct {
		name    string
		feature xmpp.BindFeature
		enabled bool
	}{
		{"enabled", srv.Bind2(), true},
		{"failed", declining{sm.Failed{Condition: stanza.ServiceUnavailable}}, false},
		{"no answer", declining{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cc, sc := net.Pipe()
			t.Cleanup(func() { _ = cc.Close(); _ = sc.Close() })
			done := make(chan *xmpp.Session, 1)
			go func() {
				ss, _ := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), sc, xmpp.Config{InsecureAssumeSecure: true},
					xmpp.SASL2Server(xmpp.SASL2ServerConfig{
						SASL:   sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }},
						Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{tt.feature}})},
					}),
					srv.Feature())
				done <- ss
			}()
			client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), cc, xmpp.Config{InsecureAssumeSecure: true},
				xmpp.SASL2(xmpp.SASL2Config{
					SASL:   sasl.ClientConfig{Password: "x", Mechanisms: []string{sasl.Plain}},
					Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{sm.Bind2(sm.Config{AckEvery: -1, AckAfter: -1})}})},
				}))
			if err != nil {
				t.Fatal(err)
			}
			server := <-done
			if server == nil {
				t.Fatal("the server's side failed")
			}
			for side, s := range map[string]*xmpp.Session{"client": client, "server": server} {
				info, ok := xmpp.SASL2Of(s)
				if !ok || slices.Contains(info.Enabled, sm.NS) != tt.enabled {
					t.Errorf("%s: Bind 2 enabled %v, want stream management listed: %v", side, info.Enabled, tt.enabled)
				}
			}
			if _, err := sm.WaitEnabled(ctx, client); (err == nil) != tt.enabled {
				t.Errorf("WaitEnabled: %v", err)
			}
			_ = cc.Close()
			<-client.Done()
			<-server.Done()
		})
	}
}
