package disco_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/xmpptest"
)

// psi is the information of the complex example of XEP-0115 §5.3.
var psi = disco.Info{
	Identities: []disco.Identity{
		{Category: "client", Type: "pc", Name: "Psi 0.11", Lang: "en"},
		{Category: "client", Type: "pc", Name: "Ψ 0.11", Lang: "el"},
	},
	Features: []string{
		"http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#info",
		"http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc",
	},
	Forms: []form.Form{{Type: form.TypeResult, Fields: []form.Field{
		form.HiddenFormType("urn:xmpp:dataforms:softwareinfo"),
		{Var: "ip_version", Type: form.TextMulti, Values: []string{"ipv4", "ipv6"}},
		{Var: "os", Values: []string{"Mac"}},
		{Var: "os_version", Values: []string{"10.5.1"}},
		{Var: "software", Values: []string{"Psi"}},
		{Var: "software_version", Values: []string{"0.11"}},
	}}},
}

const psiXML = `<query xmlns="http://jabber.org/protocol/disco#info" node="http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w=">` +
	`<identity category="client" type="pc" name="Psi 0.11" xml:lang="en"/>` +
	`<identity category="client" type="pc" name="Ψ 0.11" xml:lang="el"/>` +
	`<feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/>` +
	`<feature var="http://jabber.org/protocol/disco#items"/><feature var="http://jabber.org/protocol/muc"/>` +
	`<x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:dataforms:softwareinfo</value></field>` +
	`<field var="ip_version" type="text-multi"><value>ipv4</value><value>ipv6</value></field>` +
	`<field var="os"><value>Mac</value></field><field var="os_version"><value>10.5.1</value></field>` +
	`<field var="software"><value>Psi</value></field><field var="software_version"><value>0.11</value></field></x></query>`

func withNode(i disco.Info, node string) disco.Info { i.Node = node; return i }

func TestInfoEncode(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   disco.Info
		want string
	}{
		{"XEP-0115 complex example", withNode(psi, "http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w="), psiXML},
		{"request", disco.Info{}, `<query xmlns="http://jabber.org/protocol/disco#info"/>`},
		{"request with node", disco.Info{Node: "n"}, `<query xmlns="http://jabber.org/protocol/disco#info" node="n"/>`},
	} {
		got, err := xmpptest.MarshalString("", tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %s, %v\nwant %s", tc.name, got, err, tc.want)
		}
	}
}

func TestInfoDecode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    disco.Info
		wantErr error
	}{
		{"XEP-0115 complex example", psiXML, withNode(psi, "http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w="), nil},
		{"empty", `<query xmlns='http://jabber.org/protocol/disco#info'/>`, disco.Info{}, nil},
		{"foreign children ignored", `<query xmlns='http://jabber.org/protocol/disco#info'><feature var='a'/><x xmlns='urn:x'/><identity xmlns='urn:y'/></query>`,
			disco.Info{Features: []string{"a"}}, nil},
		{"duplicates kept", `<query xmlns='http://jabber.org/protocol/disco#info'><feature var='a'/><feature var='a'/></query>`,
			disco.Info{Features: []string{"a", "a"}}, nil},
		{"identity without type", `<query xmlns='http://jabber.org/protocol/disco#info'><identity category='client'/></query>`, disco.Info{}, disco.ErrIdentity},
		{"identity without category", `<query xmlns='http://jabber.org/protocol/disco#info'><identity type='pc'/></query>`, disco.Info{}, disco.ErrIdentity},
		{"feature without var", `<query xmlns='http://jabber.org/protocol/disco#info'><feature/></query>`, disco.Info{}, disco.ErrFeature},
		{"bad form", `<query xmlns='http://jabber.org/protocol/disco#info'><x xmlns='jabber:x:data'/></query>`, disco.Info{}, form.ErrBadType},
		{"items query", `<query xmlns='http://jabber.org/protocol/disco#items'/>`, disco.Info{}, disco.ErrNotInfo},
	} {
		got, err := disco.ParseInfo(xmpptest.Element(t, tc.in))
		if !errors.Is(err, tc.wantErr) || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, %v\nwant %+v, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestInfoQueries(t *testing.T) {
	if !psi.HasFeature("http://jabber.org/protocol/muc") || psi.HasFeature("urn:xmpp:ping") {
		t.Error("HasFeature")
	}
	if !psi.HasIdentity("client", "pc") || psi.HasIdentity("client", "bot") {
		t.Error("HasIdentity")
	}
	if f, ok := psi.Form("urn:xmpp:dataforms:softwareinfo"); !ok || f.Fields[2].Values[0] != "Mac" {
		t.Errorf("Form: %+v, %v", f, ok)
	}
	if _, ok := psi.Form("urn:x"); ok {
		t.Error("Form found a form that is not there")
	}
}
