package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// element parses one element from s.
func element(t testing.TB, s string) *xmlstream.Element {
	t.Helper()
	var el xmlstream.Element
	if err := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{}).ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	return &el
}

// TestStrayIQResponses: IQ responses that no SendIQ waits for reach the
// handler only when the session is configured to deliver them; responses
// that a SendIQ waits for go to it either way.
func TestStrayIQResponses(t *testing.T) {
	for _, deliver := range []bool{false, true} {
		seen := make(chan string, 8)
		h := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
			seen <- st.Element.Name().Local + " " + st.Header.Type + " " + st.Header.ID
			// An error returned for a response is only logged: responses
			// are never answered.
			return errors.New("not interested")
		})
		echo := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
			return s.Send(ctx, st.Header.IQ().Result().Wrap(nil))
		})
		client, server := pair(t, xmpptest.Options{
			Client: xmpp.Config{Handler: echo},
			Server: xmpp.Config{Handler: h, DeliverStrayIQResponses: deliver},
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range []string{
			`<iq xmlns='jabber:client' type='result' id='stray1'/>`,
			`<iq xmlns='jabber:client' type='error' id='stray2'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
		} {
			if err := client.Send(ctx, element(t, s)); err != nil {
				t.Fatal(err)
			}
		}
		// A response the server waits for goes to its SendIQ, not the handler.
		if _, err := server.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, ID: "awaited", To: server.RemoteAddr()}, element(t, `<q xmlns='urn:example'/>`)); err != nil {
			t.Fatal(err)
		}
		if err := client.Send(ctx, element(t, `<message xmlns='jabber:client' type='normal' id='marker'/>`)); err != nil {
			t.Fatal(err)
		}
		var want []string
		if deliver {
			want = []string{"iq result stray1", "iq error stray2"}
		}
		want = append(want, "message normal marker")
		for _, w := range want {
			if got := <-seen; got != w {
				t.Errorf("deliver %v: handler got %q, want %q", deliver, got, w)
			}
		}
	}
}

// TestRequest checks the generic ask-and-parse helper against each kind
// of answer.
func TestRequest(t *testing.T) {
	want := xml.Name{Space: "urn:example", Local: "answer"}
	errParse := errors.New("bad answer")
	parse := func(el *xmlstream.Element) (string, error) {
		if el.Attr("v") == "" {
			return "", errParse
		}
		return el.Attr("v"), nil
	}
	for _, tc := range []struct {
		name    string
		answer  string // the result's child; "" for an empty result, "error" for an error
		want    string
		wantErr error
	}{
		{"payload", `<answer xmlns='urn:example' v='42'/>`, "42", nil},
		{"empty result", ``, "", xmpp.ErrNoPayload},
		{"other payload", `<other xmlns='urn:example' v='42'/>`, "", xmpp.ErrNoPayload},
		{"parse error", `<answer xmlns='urn:example'/>`, "", errParse},
		{"error answer", "error", "", stanza.Error{Condition: stanza.ItemNotFound}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				switch tc.answer {
				case "error":
					return stanza.NewError(stanza.ItemNotFound)
				case "":
					return s.Send(ctx, st.Header.IQ().Result().Wrap(nil))
				}
				return s.Send(ctx, st.Header.IQ().Result().Wrap(element(t, tc.answer)))
			})
			client, _ := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: h}})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			got, err := xmpp.Request(ctx, client, stanza.IQ{Type: stanza.GetIQ}, element(t, `<ask xmlns='urn:example'/>`), want, parse)
			if got != tc.want || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Errorf("got %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
