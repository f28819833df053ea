package message_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/message"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<message xmlns='jabber:client' to='juliet@example.com' type='chat' id='1'><body>hi</body></message>`,
		`<message xmlns='jabber:client' xml:lang='en'><subject>s</subject><body>Hello</body><body xml:lang='de'>Hallo</body><thread parent='p'>t</thread></message>`,
		`<message xmlns='jabber:client'><body>a</body><body>b</body></message>`,
		`<message xmlns='jabber:client'><thread/><thread/></message>`,
		`<message xmlns='jabber:client'><body>a<b/></body></message>`,
		`<message xmlns='jabber:server' type='headline'><body>&amp;&lt;</body><x xmlns='urn:y'/></message>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := readElement(s)
		if err != nil {
			return
		}
		got, err := message.Parse(el)
		if err != nil {
			return
		}
		_ = got.Body("en")
		_ = got.Subject("")
		out, err := write(got, "")
		if err != nil {
			t.Fatalf("%q: %+v does not write: %v", s, got, err)
		}
		back, err := readElement(out)
		if err != nil {
			t.Fatal(err)
		}
		again, err := message.Parse(back)
		if err != nil {
			t.Fatalf("%q: written form does not parse: %v", s, err)
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: %+v round-trips to %+v", s, got, again)
		}
	})
}
