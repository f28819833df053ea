package xmpp_test

import (
	"context"
	"time"

	"encoding/base64"
	"github.com/canto-im/xmpp/jid"
	"net"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// sasl2Receiving starts a server session offering SASL2 with PLAIN
// (password "pw"), Bind 2 and FAST, and reads its features.
func sasl2Receiving(t *testing.T) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	c, s := net.Pipe()
	plain := sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(_, pw string) error {
		if pw != "pw" {
			return sasl.ErrNotAuthorized
		}
		return nil
	}}
	features := []xmpp.StreamFeature{
		xmpp.SASL2Server(xmpp.SASL2ServerConfig{
			SASL:   plain,
			Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{})},
			FAST:   xmpp.NewMemoryFASTServerStore(),
		}),
	}
	p, done := xmpptest.Receive(t, c, s, xmpp.Config{InsecureAssumeSecure: true}, features...)
	must(t, p.Write(clientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	_, err = p.Expect(stream.NS, "features")
	must(t, err)
	return p, done
}

func plainResponse(user, pw string) string {
	return base64.StdEncoding.EncodeToString([]byte("\x00" + user + "\x00" + pw))
}

// expectFailure reads a SASL2 <failure/> and checks its condition.
func expectFailure(t *testing.T, p *xmpptest.Peer, want sasl.Condition) {
	t.Helper()
	el, err := p.Expect(xmpp.NSSASL2, "failure")
	must(t, err)
	if _, ok := el.Child(xmpp.NSSASL, string(want)); !ok {
		t.Errorf("failure %s, want <%s/>", xmpptest.Marshal(t, el), want)
	}
}

// TestBadInput_SASL2Failure: malformed <authenticate/> requests get the
// <failure/> condition RFC 6120 §6.5 names, the stream goes on, and a
// correct request then succeeds.
func TestBadInput_SASL2Failure(t *testing.T) {
	good := `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + plainResponse("juliet", "pw") + `</initial-response></authenticate>`
	for _, tc := range []struct {
		name, raw string
		want      sasl.Condition
	}{
		{"no mechanism", `<authenticate xmlns='urn:xmpp:sasl:2'/>`, sasl.ErrInvalidMechanism},
		{"mechanism not offered", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-1'/>`, sasl.ErrInvalidMechanism},
		{"bad base64", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>!!!</initial-response></authenticate>`, sasl.ErrIncorrectEncoding},
		{"oversized initial response", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + strings.Repeat("QUFB", 3000) + `</initial-response></authenticate>`, sasl.ErrMalformedRequest},
		{"user-agent id not a UUID", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + plainResponse("juliet", "pw") + `</initial-response><user-agent id='1; DROP TABLE'/></authenticate>`, sasl.ErrMalformedRequest},
		{"wrong password", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + plainResponse("juliet", "nope") + `</initial-response></authenticate>`, sasl.ErrNotAuthorized},
		{"abort", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'/><abort xmlns='urn:xmpp:sasl:2'/>`, sasl.ErrAborted},
		{"FAST without token", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>` + base64.StdEncoding.EncodeToString([]byte("juliet\x00proof")) + `</initial-response><user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'/><fast xmlns='urn:xmpp:fast:0' count='1'/></authenticate>`, sasl.ErrNotAuthorized},
		{"FAST without user agent", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>` + base64.StdEncoding.EncodeToString([]byte("juliet\x00proof")) + `</initial-response><fast xmlns='urn:xmpp:fast:0'/></authenticate>`, sasl.ErrNotAuthorized},
		{"FAST count not a number", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>` + base64.StdEncoding.EncodeToString([]byte("juliet\x00proof")) + `</initial-response><fast xmlns='urn:xmpp:fast:0' count='-1'/></authenticate>`, sasl.ErrMalformedRequest},
		{"HT without NUL", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>` + base64.StdEncoding.EncodeToString([]byte("juliet")) + `</initial-response><fast xmlns='urn:xmpp:fast:0'/></authenticate>`, sasl.ErrMalformedRequest},
		{"HT not in FAST", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>` + base64.StdEncoding.EncodeToString([]byte("juliet\x00proof")) + `</initial-response></authenticate>`, sasl.ErrInvalidMechanism},
		{"Bind 2 tag too long", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + plainResponse("juliet", "pw") + `</initial-response><bind xmlns='urn:xmpp:bind:0'><tag>` + strings.Repeat("x", 100) + `</tag></bind></authenticate>`, sasl.ErrTemporaryAuthFailure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := sasl2Receiving(t)
			must(t, p.Write(tc.raw))
			if strings.Contains(tc.raw, "<abort") {
				_, err := p.Expect(xmpp.NSSASL2, "challenge") // PLAIN without initial response
				must(t, err)
			}
			expectFailure(t, p, tc.want)
			// Nothing changed (XEP-0388 §Failure): a good request works.
			must(t, p.Write(good))
			el, err := p.Expect(xmpp.NSSASL2, "success")
			must(t, err)
			if az, _ := el.Child(xmpp.NSSASL2, "authorization-identifier"); az.Text() != "juliet@example.net" {
				t.Errorf("authorized %q", az.Text())
			}
			_, err = p.Expect(stream.NS, "features")
			must(t, err)
		})
	}
}

// TestBadInput_SASL2Stream: what XEP-0388 §During Authentication forbids
// ends the stream.
func TestBadInput_SASL2Stream(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		want      stream.Error
	}{
		{"response first", `<response xmlns='urn:xmpp:sasl:2'>AAAA</response>`, stream.PolicyViolation},
		{"next first", `<next xmlns='urn:xmpp:sasl:2' task='UPGR-SCRAM-SHA-256'/>`, stream.PolicyViolation},
		{"stanza during exchange", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'/><message to='romeo@example.net'><body>hi</body></message>`, stream.PolicyViolation},
		{"authenticate during exchange", `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'/><authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'/>`, stream.PolicyViolation},
		{"stanza before authentication", `<message to='romeo@example.net'><body>hi</body></message>`, stream.NotAuthorized},
		{"endless failures", strings.Repeat(`<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>`+plainResponse("juliet", "nope")+`</initial-response></authenticate>`, 20), stream.PolicyViolation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := sasl2Receiving(t)
			go p.Write(tc.raw)
			for {
				el, err := p.Read()
				must(t, err)
				if el.Name() == (xmlName(stream.NS, "error")) {
					serr, err := stream.ParseError(el)
					must(t, err)
					if serr.Condition != tc.want.Condition {
						t.Errorf("stream error %v, want %v", serr, tc.want)
					}
					break
				}
			}
			p.Close()
			<-done
		})
	}
}

// TestBadInput_SASL2Client: a server that breaks the protocol is refused
// by the client.
func TestBadInput_SASL2Client(t *testing.T) {
	offer := `<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism><inline><bind xmlns='urn:xmpp:bind:0'/></inline></authentication></stream:features>`
	for _, tc := range []struct {
		name, reply, want string
	}{
		{"success for another account", `<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>romeo@example.net/x</authorization-identifier></success>`, "not juliet@example.net"},
		{"success without identifier", `<success xmlns='urn:xmpp:sasl:2'/>`, "without <authorization-identifier/>"},
		{"bound to a bare JID", `<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.net</authorization-identifier></success>`, "not a full JID"},
		{"unknown task", `<continue xmlns='urn:xmpp:sasl:2'><tasks><task>TOTP</task></tasks></continue>`, "does not perform"},
		{"stanza", `<message from='romeo@example.net'/>`, "unexpected <message/>"},
		{"failure", `<failure xmlns='urn:xmpp:sasl:2'><account-disabled xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><text>gone</text></failure>`, "account-disabled: gone"},
		{"challenge not base64", `<challenge xmlns='urn:xmpp:sasl:2'>!!!</challenge>`, "incorrect-encoding"},
		{"bound to an invalid JID", `<success xmlns='urn:xmpp:sasl:2'><authorization-identifier>@@</authorization-identifier></success>`, "authorization identifier"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := scriptedServer(t, offer, tc.reply, xmpp.SASL2(xmpp.SASL2Config{
				SASL:   sasl.ClientConfig{Password: "pw"},
				Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{})},
			}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one about %q", err, tc.want)
			}
		})
	}
}

// TestBadInput_SASL2UserAgent: a user-agent id that is not a UUID is the
// application's mistake, reported before anything is sent.
func TestBadInput_SASL2UserAgent(t *testing.T) {
	offer := `<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism></authentication></stream:features>`
	err := scriptedServer(t, offer, ``, xmpp.SASL2(xmpp.SASL2Config{SASL: sasl.ClientConfig{Password: "pw"}, UserAgent: xmpp.UserAgent{ID: "my-phone"}}))
	if err == nil || !strings.Contains(err.Error(), "not a UUID") {
		t.Errorf("error %v, want one about the UUID", err)
	}
}

// scriptedServer plays a server that offers features, reads the client's
// <authenticate/> and sends reply; it returns the client's error.
func scriptedServer(t *testing.T, features, reply string, f xmpp.StreamFeature) error {
	t.Helper()
	c, s := net.Pipe()
	p := xmpptest.NewPeer(s)
	t.Cleanup(func() { p.Close() })
	go func() {
		if _, err := p.ReadHeader(); err != nil {
			return
		}
		_ = p.Write(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' id='x' version='1.0'>` + features)
		if _, err := p.Read(); err != nil {
			return
		}
		_ = p.Write(reply)
		for {
			if _, err := p.Read(); err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cs, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, xmpp.Config{InsecureAssumeSecure: true}, f)
	if err == nil {
		_ = cs.Close(ctx)
	}
	return err
}
