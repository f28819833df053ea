package sm_test

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const enableRaw = `<enable xmlns='urn:xmpp:sm:3' resume='true'/>`

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// scripted logs a scripted client in to a server offering srv's feature,
// binds it unless told not to, and enables stream management if asked.
func scripted(t *testing.T, srv *sm.Server, bind, enable bool) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	p, done := xmpptest.ReceivePipe(t, srv.Feature())
	_, err := p.LoginPlain("juliet", "x")
	must(t, err)
	if bind {
		_, err := p.Bind()
		must(t, err)
	}
	if enable {
		must(t, p.Write(enableRaw))
		_, err := p.Expect(sm.NS, "enabled")
		must(t, err)
	}
	return p, done
}

// expectStreamError checks the stream error the session sends, and that
// the session ends with it.
func expectStreamError(t *testing.T, p *xmpptest.Peer, done <-chan error, want stream.Error) stream.Error {
	t.Helper()
	got, err := p.ExpectStreamError()
	must(t, err)
	if !errors.Is(got, want) {
		t.Fatalf("stream error %v, want %v", got, want)
	}
	select {
	case err := <-done:
		if !errors.Is(err, want) {
			t.Fatalf("session ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("session did not end")
	}
	return got
}

func expectFailed(t *testing.T, p *xmpptest.Peer, cond string) {
	t.Helper()
	el, err := p.Expect(sm.NS, "failed")
	must(t, err)
	f, err := sm.ParseFailed(el)
	must(t, err)
	if string(f.Condition) != cond {
		t.Fatalf("failed with %q, want %q", f.Condition, cond)
	}
}

// TestBadInput_SMHandledCountTooHigh: an h beyond what the server sent
// ends the stream with undefined-condition and <handled-count-too-high/>
// (§6).
func TestBadInput_SMHandledCountTooHigh(t *testing.T) {
	p, done := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
	// The server answers this request (service-unavailable): one stanza.
	must(t, p.Write(`<iq type='get' id='q1'><query xmlns='urn:example:none'/></iq>`))
	_, err := p.Expect("jabber:client", "iq")
	must(t, err)
	must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='2'/>`))
	got := expectStreamError(t, p, done, stream.UndefinedCondition)
	if got.App.XMLName != sm.TooHighName {
		t.Fatalf("application condition %v", got.App.XMLName)
	}
	attrs := map[string]string{}
	for _, a := range got.App.Attr {
		attrs[a.Name.Local] = a.Value
	}
	if attrs["h"] != "2" || attrs["send-count"] != "1" {
		t.Fatalf("handled-count-too-high %v", attrs)
	}
}

// TestBadInput_SMAckForNothing: an ack when nothing was sent is too high.
func TestBadInput_SMAckForNothing(t *testing.T) {
	p, done := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
	must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='1'/>`))
	expectStreamError(t, p, done, stream.UndefinedCondition)
}

// TestBadInput_SMAckMalformed: <a/> without a number for h.
func TestBadInput_SMAckMalformed(t *testing.T) {
	for _, raw := range []string{`<a xmlns='urn:xmpp:sm:3'/>`, `<a xmlns='urn:xmpp:sm:3' h='-1'/>`, `<a xmlns='urn:xmpp:sm:3' h='4294967296'/>`} {
		t.Run(raw, func(t *testing.T) {
			p, done := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
			must(t, p.Write(raw))
			expectStreamError(t, p, done, stream.BadFormat)
		})
	}
}

// TestBadInput_SMEnableTwice: one attempt only (§3): the second is
// answered <failed><unexpected-request/></failed>, and the stream goes on.
func TestBadInput_SMEnableTwice(t *testing.T) {
	p, _ := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
	must(t, p.Write(enableRaw))
	expectFailed(t, p, "unexpected-request")
	must(t, p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	a, err := p.Expect(sm.NS, "a")
	must(t, err)
	if a.Attr("h") != "0" {
		t.Fatalf("h %q", a.Attr("h"))
	}
}

// TestBadInput_SMEnableBeforeBind: §3 makes the server refuse <enable/>
// before binding with <failed><unexpected-request/></failed>; binding and
// enabling then work.
func TestBadInput_SMEnableBeforeBind(t *testing.T) {
	p, _ := scripted(t, sm.NewServer(sm.ServerConfig{}), false, false)
	must(t, p.Write(enableRaw))
	expectFailed(t, p, "unexpected-request")
	_, err := p.Bind()
	must(t, err)
	must(t, p.Write(enableRaw))
	_, err = p.Expect(sm.NS, "enabled")
	must(t, err)
}

// TestBadInput_SMBeforeEnable: XEP-0198 defines <r/> and <a/> only once
// stream management is enabled (§4); before, they are first-level
// elements the stream does not support (RFC 6120 §4.9.3.22).
func TestBadInput_SMBeforeEnable(t *testing.T) {
	for _, raw := range []string{`<r xmlns='urn:xmpp:sm:3'/>`, `<a xmlns='urn:xmpp:sm:3' h='0'/>`} {
		t.Run(raw, func(t *testing.T) {
			p, done := scripted(t, sm.NewServer(sm.ServerConfig{}), true, false)
			must(t, p.Write(raw))
			expectStreamError(t, p, done, stream.UnsupportedStanzaType)
		})
	}
}

// TestBadInput_SMServerElements: what only a server sends ends the stream.
func TestBadInput_SMServerElements(t *testing.T) {
	p, done := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
	must(t, p.Write(`<enabled xmlns='urn:xmpp:sm:3'/>`))
	expectStreamError(t, p, done, stream.UnsupportedStanzaType)
}

// TestBadInput_SMResumeAfterBind: resumption takes the place of binding.
func TestBadInput_SMResumeAfterBind(t *testing.T) {
	p, _ := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
	must(t, p.Write(`<resume xmlns='urn:xmpp:sm:3' previd='x' h='0'/>`))
	expectFailed(t, p, "unexpected-request")
}

// TestBadInput_SMResumeUnknown: an SM-ID never given, and a malformed
// <resume/>.
func TestBadInput_SMResumeUnknown(t *testing.T) {
	for _, tc := range []struct{ raw, cond string }{
		{`<resume xmlns='urn:xmpp:sm:3' previd='nope' h='0'/>`, "item-not-found"},
		{`<resume xmlns='urn:xmpp:sm:3' h='0'/>`, "bad-request"},
		{`<resume xmlns='urn:xmpp:sm:3' previd='x' h='z'/>`, "bad-request"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			p, _ := scripted(t, sm.NewServer(sm.ServerConfig{}), false, false)
			must(t, p.Write(tc.raw))
			expectFailed(t, p, tc.cond)
			_, err := p.Bind() // §5: the client may bind instead
			must(t, err)
		})
	}
}

// TestBadInput_SMResumeAfterExpiry: a stream whose window passed is not
// found.
func TestBadInput_SMResumeAfterExpiry(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{Window: time.Millisecond})
	p, done := scripted(t, srv, true, false)
	must(t, p.Write(enableRaw))
	el, err := p.Expect(sm.NS, "enabled")
	must(t, err)
	en, err := sm.ParseEnabled(el)
	must(t, err)
	id := en.ID
	_ = p.Close()
	<-done
	time.Sleep(20 * time.Millisecond)
	p2, _ := scripted(t, srv, false, false)
	must(t, p2.Write(`<resume xmlns='urn:xmpp:sm:3' previd='`+id+`' h='0'/>`))
	expectFailed(t, p2, "item-not-found")
}

// TestBadInput_SMResumeCountTooHigh: <resume h/> beyond what the server
// sent on the stream is the error of §6.
func TestBadInput_SMResumeCountTooHigh(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	p, done := scripted(t, srv, true, false)
	must(t, p.Write(enableRaw))
	el, err := p.Expect(sm.NS, "enabled")
	must(t, err)
	en, err := sm.ParseEnabled(el)
	must(t, err)
	_ = p.Close()
	<-done
	p2, done2 := scripted(t, srv, false, false)
	must(t, p2.Write(`<resume xmlns='urn:xmpp:sm:3' previd='`+en.ID+`' h='3'/>`))
	expectStreamError(t, p2, done2, stream.UndefinedCondition)
}

// TestBadInput_SMClientCountTooHigh: a server acknowledging more than the
// client sent gets the same stream error from the client.
func TestBadInput_SMClientCountTooHigh(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	cn := r.enabled(quiet, xmpp.Config{})
	must(t, cn.server.Send(ctx5(t), sm.Ack{H: 5}))
	<-cn.client.Done()
	if err := cn.client.Err(); !errors.Is(err, stream.UndefinedCondition) || !strings.Contains(err.Error(), "5") {
		t.Fatalf("client ended with %v", err)
	}
}

var _ net.Conn
var _ xmlstream.Marshaler
