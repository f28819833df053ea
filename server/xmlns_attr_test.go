package server_test

import (
	"testing"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// TestRoutedStanzaKeepsRelativeNamespaces: a routed message (written in the
// receiving stream's content namespace) keeps attributes in namespaces
// named "xmlns" and "xml", on the stanza and on a child in jabber:client.
// They were taken for a declaration and for xml: once re-encoded.
func TestRoutedStanzaKeepsRelativeNamespaces(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "r")
	bob := login(t, srv, "bob", "r")
	bob.online()
	alice.send(`<message to='bob@example.test/r' id='n1' xmlns:p='xmlns' p:x='1' xmlns:q='xml' q:y='2'>` +
		`<body xmlns:p='xmlns' p:z='3'>hi</body></message>`)
	el := bob.expect(`id='n1'`)
	for _, a := range []struct{ space, local, want string }{{"xmlns", "x", "1"}, {"xml", "y", "2"}} {
		if v, ok := el.AttrNS(a.space, a.local); !ok || v != a.want {
			t.Errorf("attribute {%s}%s = %q, %v; want %q in %s", a.space, a.local, v, ok, a.want, serialise(el))
		}
	}
	if _, ok := el.AttrNS(nsXMLForTest, "y"); ok {
		t.Errorf("attribute in namespace \"xml\" moved to xml: in %s", serialise(el))
	}
	body, ok := el.Child(stanza.NSClient, "body")
	if !ok {
		t.Fatalf("no body in %s", serialise(el))
	}
	if v, ok := body.AttrNS("xmlns", "z"); !ok || v != "3" {
		t.Errorf("body attribute {xmlns}z = %q, %v; want 3 in %s", v, ok, serialise(el))
	}
}

const nsXMLForTest = "http://www.w3.org/XML/1998/namespace"
