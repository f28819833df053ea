package xmpp_test

import (
	"bytes"
	"context"
	"crypto"
	"net"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

var sasl2Seeds = []string{
	clientHeader + `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>AGp1bGlldABwdw==</initial-response><user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'><software>x</software></user-agent><bind xmlns='urn:xmpp:bind:0'><tag>t</tag><on xmlns='urn:example:toy'/></bind><request-token xmlns='urn:xmpp:fast:0' mechanism='HT-SHA-256-NONE'/><upgrade xmlns='urn:xmpp:sasl:upgrade:0'>UPGR-SCRAM-SHA-256</upgrade></authenticate>`,
	clientHeader + `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>anVsaWV0AHByb29m</initial-response><user-agent id='d4565fa7-4d72-4749-b3d3-740edbf87770'/><fast xmlns='urn:xmpp:fast:0' count='3' invalidate='true'/></authenticate>`,
	clientHeader + `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='SCRAM-SHA-1'><initial-response>biwsbj1qdWxpZXQscj1hYmM=</initial-response></authenticate><response xmlns='urn:xmpp:sasl:2'>AAAA</response>`,
	clientHeader + `<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'/><abort xmlns='urn:xmpp:sasl:2'/>`,
	serverHeader + `<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism><inline><bind xmlns='urn:xmpp:bind:0'><inline><feature var='urn:example:toy'/></inline></bind><fast xmlns='urn:xmpp:fast:0'><mechanism>HT-SHA-256-NONE</mechanism></fast></inline><upgrade xmlns='urn:xmpp:sasl:upgrade:0'>UPGR-SCRAM-SHA-256</upgrade></authentication></stream:features><success xmlns='urn:xmpp:sasl:2'><authorization-identifier>juliet@example.net/r</authorization-identifier><bound xmlns='urn:xmpp:bind:0'/><token xmlns='urn:xmpp:fast:0' token='abc' expiry='2030-01-01T00:00:00Z'/></success><stream:features/>`,
	serverHeader + `<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism></authentication></stream:features><continue xmlns='urn:xmpp:sasl:2'><tasks><task>UPGR-SCRAM-SHA-256</task></tasks></continue><task-data xmlns='urn:xmpp:sasl:2'><salt xmlns='urn:xmpp:scram-upgrade:0' iterations='4096'>c2FsdA==</salt></task-data>`,
	serverHeader + `<stream:features><authentication xmlns='urn:xmpp:sasl:2'><mechanism>SCRAM-SHA-1</mechanism></authentication></stream:features><challenge xmlns='urn:xmpp:sasl:2'>cj1hYmMscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng==</challenge>`,
}

// FuzzSASL2Receive: whatever a client sends, a server offering SASL2,
// Bind 2, FAST and upgrades ends cleanly.
func FuzzSASL2Receive(f *testing.F) {
	for _, s := range sasl2Seeds {
		f.Add([]byte(s))
	}
	saslCfg := sasl.ServerConfig{Plain: func(u, p string) error { return nil },
		ScramCredentials: func(string, crypto.Hash) (sasl.ScramCredentials, error) {
			return sasl.ScramCredentials{}, sasl.ErrUnknownUser
		}}
	store := xmpp.NewMemoryFASTServerStore()
	_ = store.Issue("juliet", "d4565fa7-4d72-4749-b3d3-740edbf87770", xmpp.FASTToken{Mechanism: sasl.HTSHA256None, Token: "t"})
	server := xmpp.SASL2Server(xmpp.SASL2ServerConfig{
		SASL:    saslCfg,
		Inline:  []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{toyFeature{}}})},
		FAST:    store,
		Upgrade: &xmpp.ScramUpgrade{Needs: func(string, crypto.Hash) bool { return true }, Store: func(string, crypto.Hash, sasl.ScramCredentials) error { return nil }},
	})
	f.Fuzz(func(t *testing.T, input []byte) {
		runAgainst(t, input, func(ctx context.Context, conn net.Conn) (*xmpp.Session, error) {
			return xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), conn,
				xmpp.Config{InsecureAssumeSecure: true}, server, xmpp.BindResource())
		})
	})
}

// FuzzSASL2Initiate: whatever a server sends, a SASL2 client ends
// cleanly.
func FuzzSASL2Initiate(f *testing.F) {
	for _, s := range sasl2Seeds {
		f.Add([]byte(s))
	}
	client := xmpp.SASL2(xmpp.SASL2Config{
		SASL:      sasl.ClientConfig{Password: "pw", Mechanisms: []string{sasl.Plain, sasl.ScramSHA1}},
		UserAgent: xmpp.UserAgent{ID: "d4565fa7-4d72-4749-b3d3-740edbf87770"},
		Inline:    []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "t", Features: []xmpp.BindFeature{toyFeature{}}})},
		FAST:      xmpp.NewMemoryFASTClientStore(),
	})
	f.Fuzz(func(t *testing.T, input []byte) {
		runAgainst(t, input, func(ctx context.Context, conn net.Conn) (*xmpp.Session, error) {
			return xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), conn,
				xmpp.Config{InsecureAssumeSecure: true}, client, xmpp.BindResource())
		})
	})
}

// FuzzRawLogRedaction: a FAST token in a <token/>, and the initial
// response of an HT authentication, never reach the raw log, wherever the
// transport cuts the stream.
func FuzzRawLogRedaction(f *testing.F) {
	f.Add("<success xmlns='urn:xmpp:sasl:2'>", "WXZzciBwYmFmdmZnZiBqdmd1IGp2eXFhcmZm", "</success>", uint16(40), uint16(90))
	f.Add("", "abcdefghij", "<x/>", uint16(0), uint16(3))
	f.Fuzz(func(t *testing.T, before, secret, after string, cut1, cut2 uint16) {
		if len(secret) < 8 || strings.ContainsAny(secret, "'<>&\" \t\r\n") || strings.Contains(before+after, secret) {
			return
		}
		for _, doc := range []string{
			before + `<token xmlns="urn:xmpp:fast:0" expiry="2030-01-01T00:00:00Z" token='` + secret + `'/>` + after,
			`<authenticate xmlns="urn:xmpp:sasl:2" mechanism="HT-SHA-256-NONE"><initial-response>` + secret + `</initial-response>` + after + `</authenticate>`,
		} {
			var log bytes.Buffer
			w := xmpp.RawLogForTest(&log)
			a, b := min(int(cut1), len(doc)), min(int(cut2), len(doc))
			if a > b {
				a, b = b, a
			}
			for _, part := range []string{doc[:a], doc[a:b], doc[b:]} {
				_, _ = w.Write([]byte(part))
			}
			if strings.Contains(log.String(), secret) || strings.Contains(strings.ReplaceAll(log.String(), "\n", ""), secret) {
				t.Errorf("secret in the raw log: %s", log.String())
			}
		}
	})
}
