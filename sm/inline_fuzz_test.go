package sm_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzInlineRequest sends a server offering the inline forms whatever
// inline requests a client may put in <authenticate/> ("ID" stands for
// the SM-ID of a stream kept for resumption): the server answers with
// <success/>, <failure/> or a stream error, in bounded time, and never
// panics.
func FuzzInlineRequest(f *testing.F) {
	for _, s := range []string{
		resumeRaw("ID", "0"),
		resumeRaw("ID", "9"),
		resumeRaw("nope", "0"),
		`<resume xmlns='urn:xmpp:sm:3' previd='ID'/>` + bindRaw,
		bindEnableRaw,
		`<bind xmlns='urn:xmpp:bind:0'>` + enableRaw + enableRaw + `</bind>`,
		`<bind xmlns='urn:xmpp:bind:0'><enable xmlns='urn:xmpp:sm:3' max='99999999999'/></bind>`,
		`<resume xmlns='urn:xmpp:sm:3' previd='ID' h='0'/><resume xmlns='urn:xmpp:sm:3' previd='ID' h='0'/>`,
		`<resumed xmlns='urn:xmpp:sm:3' previd='ID' h='0'/>` + bindRaw,
	} {
		f.Add(s)
	}
	srv := sm.NewServer(sm.ServerConfig{})
	f.Cleanup(srv.Close)
	f.Fuzz(func(t *testing.T, inline string) {
		id, _ := keptStream(t, srv, "juliet")
		inline = strings.ReplaceAll(inline, "ID", id)
		p, _ := inlinePeer(t, srv)
		must(t, p.Conn.SetDeadline(time.Now().Add(5*time.Second)))
		must(t, p.Write(xmpptest.ClientHeader))
		if _, err := p.ReadHeader(); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Expect(stream.NS, "features"); err != nil {
			t.Fatal(err)
		}
		auth := base64.StdEncoding.EncodeToString([]byte("\x00juliet\x00x"))
		if err := p.Write(`<authenticate xmlns='urn:xmpp:sasl:2' mechanism='PLAIN'><initial-response>` + auth + `</initial-response>` + inline + `</authenticate>`); err != nil {
			return // the server ended the stream on the way (malformed XML)
		}
		el, err := p.Read()
		if err != nil {
			if strings.Contains(err.Error(), "timeout") || strings.Contains(err.Error(), "deadline") {
				t.Fatalf("no answer to %q: %v", inline, err)
			}
			return // a stream error, or the stream ended
		}
		name := el.Name()
		if ok := name.Space == xmpp.NSSASL2 && (name.Local == "success" || name.Local == "failure"); !ok && name.Space != stream.NS {
			t.Fatalf("answer <%s xmlns='%s'/> to %q", name.Local, name.Space, inline)
		}
	})
}
