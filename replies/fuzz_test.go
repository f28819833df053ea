package replies_test

import (
	"testing"

	"github.com/canto-im/xmpp/replies"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<reply to='anna@example.com/tablet' id='message-id1' xmlns='urn:xmpp:reply:0' />`,
		`<reply id='m' xmlns='urn:xmpp:reply:0'/>`,
		`<reply to='ANNA@Example.com' id='m' xmlns='urn:xmpp:reply:0'><x/></reply>`,
		`<reply to='@' id='m' xmlns='urn:xmpp:reply:0'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := replies.Parse(el)
		if err != nil {
			return
		}
		back, err := replies.Parse(xmpptest.Element(t, xmpptest.Marshal(t, got)))
		if err != nil || back != got {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
		}
	})
}

// FuzzBody checks that Body never panics on any message and never returns
// more than the body.
func FuzzBody(f *testing.F) {
	f.Add(`<message><body>> a` + "\n" + `b</body><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='4'/></fallback></message>`)
	f.Add(`<message><body>x</body><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='9'/><body start='1' end='2'/></fallback></message>`)
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement(stanza.NSClient, s)
		if err != nil {
			return
		}
		_ = replies.Body(el)
	})
}
