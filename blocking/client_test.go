package blocking_test

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fakeServer keeps a block list and answers the three requests, as an
// account's server does (the embedded server's tests cover the real one).
type fakeServer struct {
	mu      sync.Mutex
	list    []jid.JID
	reports []blocking.Report
}

func (f *fakeServer) handler() xmpp.Handler {
	return mux.New(
		mux.Get(blocking.ListName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return blocking.BlockList{JIDs: append([]jid.JID(nil), f.list...)}, nil
		})),
		mux.Set(blocking.BlockName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
			el, _ := req.Element.Child(blocking.NS, "block")
			b, err := blocking.ParseBlocked(el)
			if err != nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			for _, it := range b.Items {
				f.list = append(f.list, it.JID)
				if it.Report != nil {
					f.reports = append(f.reports, *it.Report)
				}
			}
			return nil, nil
		})),
		mux.Set(blocking.UnblockName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
			el, _ := req.Element.Child(blocking.NS, "unblock")
			u, err := blocking.ParseUnblocked(el)
			if err != nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if len(u.JIDs) == 0 {
				f.list = nil
			}
			for _, j := range u.JIDs {
				for i, b := range f.list {
					if b == j {
						f.list = append(f.list[:i], f.list[i+1:]...)
						break
					}
				}
			}
			return nil, nil
		})),
	)
}

func TestClient(t *testing.T) {
	var f fakeServer
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, f.handler()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	spammer := jid.MustParse("spam@bad.example")
	check := func(step string, want ...jid.JID) {
		t.Helper()
		got, err := blocking.List(ctx, client)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: List = %v, %v; want %v", step, got, err, want)
		}
	}
	check("at first")
	if err := blocking.Block(ctx, client, romeo, iago); err != nil {
		t.Fatal(err)
	}
	check("after Block", romeo, iago)
	if err := blocking.BlockAndReport(ctx, client, spammer, blocking.Report{Reason: blocking.Spam, Text: "buy now"}); err != nil {
		t.Fatal(err)
	}
	if want := []blocking.Report{{Reason: blocking.Spam, Text: "buy now"}}; !reflect.DeepEqual(f.reports, want) {
		t.Errorf("reports %+v, want %+v", f.reports, want)
	}
	if err := blocking.Unblock(ctx, client, romeo); err != nil {
		t.Fatal(err)
	}
	check("after Unblock", iago, spammer)
	if err := blocking.Unblock(ctx, client); !errors.Is(err, blocking.ErrNoJIDs) {
		t.Errorf("Unblock(): %v", err)
	}
	check("after Unblock()", iago, spammer)
	if err := blocking.Block(ctx, client); !errors.Is(err, blocking.ErrNoItems) {
		t.Errorf("Block(): %v", err)
	}
	if err := blocking.UnblockAll(ctx, client); err != nil {
		t.Fatal(err)
	}
	check("after UnblockAll")

	bare, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	if _, err := blocking.List(ctx, bare); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("List without server support: %v", err)
	}
}

func TestIsBlocked(t *testing.T) {
	e := blocking.BlockedError()
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"value", e, true},
		{"pointer", &e, true},
		{"not-acceptable alone", stanza.NewError(stanza.NotAcceptable), false},
		{"other error", errors.New("x"), false},
		{"nil", nil, false},
	} {
		if got := blocking.IsBlocked(tc.err); got != tc.want {
			t.Errorf("%s: IsBlocked = %v", tc.name, got)
		}
	}
	if e.Condition != stanza.NotAcceptable || e.Type != stanza.Cancel {
		t.Errorf("BlockedError() = %+v", e)
	}
}

// TestBadInput_B11_Push plays the server pushing changes: pushes from the
// account (no 'from', or its bare JID) are accepted, any other sender
// refused and logged, as for roster pushes.
func TestBadInput_B11_Push(t *testing.T) {
	pushes := make(chan blocking.Push, 8)
	var logs xmpptest.LogBuffer
	h := blocking.Handler{
		OnPush: func(_ context.Context, _ *xmpp.Session, p blocking.Push) { pushes <- p },
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	own := client.LocalAddr()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name    string
		from    jid.JID
		payload xmlstream.Marshaler
		want    *blocking.Push
	}{
		{"block, no from", jid.JID{}, blocking.Blocked{Items: []blocking.Item{{JID: romeo}}}, &blocking.Push{Blocked: []jid.JID{romeo}}},
		{"unblock, from the account", own.Bare(), blocking.Unblocked{JIDs: []jid.JID{romeo}}, &blocking.Push{Unblocked: []jid.JID{romeo}}},
		{"unblock all", jid.JID{}, blocking.Unblocked{}, &blocking.Push{All: true}},
		{"from another account", jid.MustParse("tybalt@capulet.example"), blocking.Unblocked{}, nil},
		{"from another resource of the account", jid.MustParse(own.Bare().String() + "/other"), blocking.Unblocked{}, nil},
		{"from the server's domain", own.Domain(), blocking.Unblocked{}, nil},
	} {
		_, err := server.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: own, From: tc.from}, tc.payload)
		if tc.want == nil {
			if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
				t.Errorf("%s: answered %v, want service-unavailable", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if p := <-pushes; !reflect.DeepEqual(p, *tc.want) {
			t.Errorf("%s: push %+v, want %+v", tc.name, p, *tc.want)
		}
	}
	if !strings.Contains(logs.String(), "tybalt@capulet.example") {
		t.Errorf("forged push not logged: %s", logs.String())
	}
}
