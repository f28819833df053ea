package sm_test

import (
	"encoding/base64"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const (
	bindEnableRaw = `<bind xmlns='urn:xmpp:bind:0'><tag>t</tag>` + enableRaw + `</bind>`
	bindRaw       = `<bind xmlns='urn:xmpp:bind:0'><tag>t</tag></bind>`
)

// inlinePeer is a scripted client of a server offering SASL2 (PLAIN, any
// password) with srv's inline resumption and Bind 2 with srv's enabling,
// then srv's feature.
func inlinePeer(t *testing.T, srv *sm.Server) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	c, s := net.Pipe()
	return xmpptest.Receive(t, c, s, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL2Server(xmpp.SASL2ServerConfig{
			SASL: sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }},
			Inline: []xmpp.SASL2Inline{srv.InlineResume(), xmpp.Bind2(xmpp.Bind2Config{
				Features: []xmpp.BindFeature{srv.Bind2()},
			})},
		}),
		srv.Feature())
}

// authenticate logs the peer in as user with SASL2, with inline (raw
// requests) in <authenticate/>, and returns the offered features and the
// server's <success/>.
func authenticate(t *testing.T, p *xmpptest.Peer, user, inline string) (features, success *xmlstream.Element) {
	t.Helper()
	features = sendAuthenticate(t, p, user, inline)
	success, err := p.Expect(xmpp.NSSASL2, "success")
	must(t, err)
	return features, success
}

// sendAuthenticate opens the stream on p and sends a SASL2 PLAIN
// <authenticate/> for user carrying inline, returning the stream features
// and leaving the answer unread.
func sendAuthenticate(t *testing.T, p *xmpptest.Peer, user, inline string) (features *xmlstream.Element) {
	t.Helper()
	must(t, p.Write(xmpptest.ClientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	features, err = p.Expect(stream.NS, "features")
	must(t, err)
	auth := base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00x"))
	must(t, p.Write(`<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>`+auth+`</initial-response>`+inline+`</authenticate>`))
	return features
}

// keptStream enables stream management inline for user, drops the
// connection, and returns the SM-ID of the stream kept for resumption and
// its full JID.
func keptStream(t *testing.T, srv *sm.Server, user string) (id, full string) {
	t.Helper()
	p, done := inlinePeer(t, srv)
	_, success := authenticate(t, p, user, bindEnableRaw)
	en := enabledIn(t, success)
	if !en.Resume || en.ID == "" {
		t.Fatalf("enabled %+v, want a resumable stream", en)
	}
	az, ok := success.Child(xmpp.NSSASL2, "authorization-identifier")
	if !ok {
		t.Fatal("no authorization identifier")
	}
	full = az.Text()
	_, err := p.Expect(stream.NS, "features")
	must(t, err)
	must(t, p.Close())
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the dropped session did not end")
	}
	return en.ID, full
}

// enabledIn returns the <enabled/> in success's <bound/>.
func enabledIn(t *testing.T, success *xmlstream.Element) sm.Enabled {
	t.Helper()
	bound, ok := success.Child(xmpp.NSBind2, "bound")
	if !ok {
		t.Fatal("no <bound/> in <success/>")
	}
	n := 0
	var en sm.Enabled
	for c := range bound.Children() {
		if c.Name() == sm.EnabledName {
			n++
			var err error
			en, err = sm.ParseEnabled(c)
			must(t, err)
		}
	}
	if n != 1 {
		t.Fatalf("%d <enabled/> in <bound/>, want 1", n)
	}
	return en
}

// resumeRaw is <resume/> inside <authenticate/>, with a Bind 2 request
// for the case it fails.
func resumeRaw(id, h string) string {
	return `<resume xmlns='urn:xmpp:sm:3' previd='` + id + `' h='` + h + `'/>` + bindEnableRaw
}

// expectResumed checks that p resumed the stream id as full: <resumed/>
// in <success/>, no stream features after it, and a counting stream.
func expectResumed(t *testing.T, p *xmpptest.Peer, success *xmlstream.Element, id, full string) {
	t.Helper()
	rs, ok := success.Child(sm.NS, "resumed")
	if !ok {
		t.Fatal("not resumed")
	}
	if r, err := sm.ParseResumed(rs); err != nil || r.PrevID != id {
		t.Fatalf("resumed %+v, %v", r, err)
	}
	if _, bound := success.Child(xmpp.NSBind2, "bound"); bound {
		t.Error("Bind 2 ran after a resumption")
	}
	if az, _ := success.Child(xmpp.NSSASL2, "authorization-identifier"); az.Text() != full {
		t.Errorf("resumed as %s, want %s", az.Text(), full)
	}
	// No features: the next element is the answer to <r/>.
	must(t, p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	el, err := p.Read()
	must(t, err)
	if el.Name() != sm.AckName {
		t.Fatalf("got <%s/> after a resumption, want <a/>", el.Name().Local)
	}
}

// TestBadInput_SMInlineResumeOtherAccount: a stream is resumed inline
// only by its own account; another's gets item-not-found (as if it did
// not exist) and a fresh Bind 2 session, and the stream stays for its
// owner.
func TestBadInput_SMInlineResumeOtherAccount(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	id, full := keptStream(t, srv, "juliet")

	p, _ := inlinePeer(t, srv)
	_, success := authenticate(t, p, "romeo", resumeRaw(id, "0"))
	fl, ok := success.Child(sm.NS, "failed")
	if !ok {
		t.Fatal("no <failed/> for another account's stream")
	}
	if f, _ := sm.ParseFailed(fl); f.Condition != "item-not-found" {
		t.Errorf("failed with %q, want item-not-found", f.Condition)
	}
	if az, _ := success.Child(xmpp.NSSASL2, "authorization-identifier"); az.Text() == full {
		t.Error("romeo took juliet's resource")
	}
	if en := enabledIn(t, success); en.ID == id {
		t.Error("romeo's new stream got juliet's SM-ID")
	}

	p3, _ := inlinePeer(t, srv)
	_, success = authenticate(t, p3, "juliet", resumeRaw(id, "0"))
	expectResumed(t, p3, success, id, full)
}

// TestBadInput_SMInlineHandledCountTooHigh: an inline <resume/> whose h
// is beyond what the server sent ends the stream with
// <handled-count-too-high/> (§6), and the stream goes back to its window.
func TestBadInput_SMInlineHandledCountTooHigh(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	id, full := keptStream(t, srv, "juliet")

	p, done := inlinePeer(t, srv)
	sendAuthenticate(t, p, "juliet", resumeRaw(id, "5"))
	serr := expectStreamError(t, p, done, stream.UndefinedCondition)
	if serr.App.XMLName != sm.TooHighName {
		t.Errorf("stream error %v, want <handled-count-too-high/>", serr)
	}

	p3, _ := inlinePeer(t, srv)
	_, success := authenticate(t, p3, "juliet", resumeRaw(id, "0"))
	expectResumed(t, p3, success, id, full)
}

// TestBadInput_SMInlineBadResume: a <resume/> without previd gets
// bad-request, and Bind 2 binds a new session in the same exchange.
func TestBadInput_SMInlineBadResume(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	p, _ := inlinePeer(t, srv)
	_, success := authenticate(t, p, "juliet", `<resume xmlns='urn:xmpp:sm:3' h='x'/>`+bindEnableRaw)
	fl, ok := success.Child(sm.NS, "failed")
	if !ok {
		t.Fatal("no <failed/>")
	}
	if f, _ := sm.ParseFailed(fl); f.Condition != "bad-request" {
		t.Errorf("failed with %q, want bad-request", f.Condition)
	}
	enabledIn(t, success)
}

// TestBadInput_SMInlineEnableTwice: two <enable/> in <bind/> get one
// <enabled/>; <sm/> is not offered again after an inline enabling, and an
// <enable/> after binding gets <failed/> with unexpected-request (§3: one
// attempt), the stream going on.
func TestBadInput_SMInlineEnableTwice(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	p, _ := inlinePeer(t, srv)
	_, success := authenticate(t, p, "juliet", `<bind xmlns='urn:xmpp:bind:0'>`+enableRaw+enableRaw+`</bind>`)
	enabledIn(t, success)
	features, err := p.Expect(stream.NS, "features")
	must(t, err)
	if _, ok := features.Child(sm.NS, "sm"); ok {
		t.Error("<sm/> offered again after an inline enabling")
	}
	must(t, p.Write(enableRaw))
	expectFailed(t, p, "unexpected-request")
	must(t, p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	if _, err := p.Expect(sm.NS, "a"); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput_SMInlineEnableBad: a malformed inline <enable/> gets
// <failed/> with bad-request inside <bound/>; the session is bound.
func TestBadInput_SMInlineEnableBad(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	p, _ := inlinePeer(t, srv)
	_, success := authenticate(t, p, "juliet", `<bind xmlns='urn:xmpp:bind:0'><enable xmlns='urn:xmpp:sm:3' max='-1'/></bind>`)
	bound, ok := success.Child(xmpp.NSBind2, "bound")
	if !ok {
		t.Fatal("not bound")
	}
	fl, ok := bound.Child(sm.NS, "failed")
	if !ok {
		t.Fatal("no <failed/> in <bound/>")
	}
	if f, _ := sm.ParseFailed(fl); f.Condition != "bad-request" {
		t.Errorf("failed with %q", f.Condition)
	}
	if _, err := p.Expect(stream.NS, "features"); err != nil {
		t.Fatal(err)
	}
	// Not enabled: <r/> is not allowed.
	must(t, p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	if _, err := p.ExpectStreamError(); err != nil {
		t.Fatal(err)
	}
}

// TestBadInput_SMInlineResumeDropped: a client that asks for an inline
// resumption and drops the connection before <success/> reaches it does
// not take the stream with it: the stream goes back to its window and
// resumes on the next connection.
func TestBadInput_SMInlineResumeDropped(t *testing.T) {
	srv := sm.NewServer(sm.ServerConfig{})
	t.Cleanup(srv.Close)
	id, full := keptStream(t, srv, "juliet")

	p, done := inlinePeer(t, srv)
	sendAuthenticate(t, p, "juliet", resumeRaw(id, "0"))
	must(t, p.Close())
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the negotiation succeeded without its client")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the negotiation did not end")
	}
	// The stream is given back when the negotiation's context ends, just
	// after: a resumption soon finds it.
	for i := 0; ; i++ {
		p3, _ := inlinePeer(t, srv)
		_, success := authenticate(t, p3, "juliet", resumeRaw(id, "0"))
		if _, ok := success.Child(sm.NS, "resumed"); ok || i == 50 {
			expectResumed(t, p3, success, id, full)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}
