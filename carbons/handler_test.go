package carbons_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

type delivered struct {
	dir  carbons.Direction
	from string
	body string
}

// TestBadInput_B9_Carbons plays the server sending carbons, genuine and
// forged, to a client: only the genuine ones reach the application, in
// order, and each forgery is logged. The own bare JID written in another
// case is the same address, so its carbons are genuine.
func TestBadInput_B9_Carbons(t *testing.T) {
	got := make(chan delivered, 16)
	var logs xmpptest.LogBuffer
	h := carbons.Handler{
		Deliver: func(_ context.Context, _ *xmpp.Session, d carbons.Direction, msg *xmpp.Stanza) error {
			body, _ := msg.Element.Child(stanza.NSClient, "body")
			got <- delivered{d, msg.Header.From.String(), body.Text()}
			return nil
		},
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	own := client.LocalAddr()
	bare := own.Bare().String()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	wrap := func(from, dir, innerFrom, innerTo, body string) xmlstream.Marshaler {
		fromAttr := ""
		if from != "" {
			fromAttr = ` from='` + from + `'`
		}
		return xmpptest.Element(t, `<message xmlns='jabber:client'`+fromAttr+` to='`+own.String()+`' type='chat'>`+
			`<`+dir+` xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>`+
			`<message xmlns='jabber:client' from='`+innerFrom+`' to='`+innerTo+`' type='chat'><body>`+body+`</body></message>`+
			`</forwarded></`+dir+`></message>`)
	}
	genuine := wrap(bare, "received", "juliet@capulet.example/balcony", own.Bare().String()+"/garden", "genuine")
	for _, tc := range []struct {
		name   string
		send   xmlstream.Marshaler
		want   delivered
		forged bool
	}{
		{"received", genuine, delivered{carbons.Received, "juliet@capulet.example/balcony", "genuine"}, false},
		{"sent", wrap(bare, "sent", bare+"/home", "juliet@capulet.example/balcony", "mine"), delivered{carbons.Sent, bare + "/home", "mine"}, false},
		{"own bare JID in another case", wrap(strings.ToUpper(bare), "sent", bare+"/home", "juliet@capulet.example/balcony", "upper"), delivered{carbons.Sent, bare + "/home", "upper"}, false},
		{"from a room", wrap("room@conference.capulet.example", "received", "juliet@capulet.example/balcony", bare, "forged"), delivered{}, true},
		// XEP-0280 §7 example 3: from another account.
		{"from another JID", wrap("tybalt@capulet.example/home", "received", "juliet@capulet.example/balcony", bare, "forged"), delivered{}, true},
		{"from a full JID of the account", wrap(bare+"/other", "received", "juliet@capulet.example/balcony", bare, "forged"), delivered{}, true},
		{"from the server's domain", wrap(own.Domain().String(), "received", "juliet@capulet.example/balcony", bare, "forged"), delivered{}, true},
		{"without from", wrap("", "received", "juliet@capulet.example/balcony", bare, "forged"), delivered{}, true},
		{"received, not for the account", wrap(bare, "received", "juliet@capulet.example/balcony", "tybalt@capulet.example", "forged"), delivered{}, true},
		{"sent, not by the account", wrap(bare, "sent", "tybalt@capulet.example/home", "juliet@capulet.example", "forged"), delivered{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := server.Send(ctx, tc.send); err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if tc.forged {
				// A genuine carbon behind the forgery shows it was dropped.
				if err := server.Send(ctx, genuine); err != nil {
					t.Fatal(err)
				}
				want = delivered{carbons.Received, "juliet@capulet.example/balcony", "genuine"}
			}
			select {
			case d := <-got:
				if d != want {
					t.Errorf("delivered %+v, want %+v", d, want)
				}
			case <-ctx.Done():
				t.Fatal("nothing delivered")
			}
		})
	}
	if n := strings.Count(logs.String(), "forged carbon"); n != 7 {
		t.Errorf("%d forgeries logged, want 7:\n%s", n, logs.String())
	}
}

// TestEnable asks a server that answers enable and disable, and one that
// does not offer carbons.
func TestEnable(t *testing.T) {
	asked := make(chan string, 4)
	answer := func(name string) mux.IQResponder {
		return mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			asked <- name
			return nil, nil
		})
	}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(
		mux.Set(carbons.EnableName, answer("enable")), mux.Set(carbons.DisableName, answer("disable")))))
	bare, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := carbons.Enable(ctx, client); err != nil || <-asked != "enable" {
		t.Errorf("Enable: %v", err)
	}
	if err := carbons.Disable(ctx, client); err != nil || <-asked != "disable" {
		t.Errorf("Disable: %v", err)
	}
	if err := carbons.Enable(ctx, bare); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("Enable without server support: %v", err)
	}
}
