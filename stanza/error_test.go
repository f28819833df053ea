package stanza_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// allConditions are the 22 conditions of RFC 6120 §8.3.3 with the type the
// RFC associates with each.
var allConditions = []struct {
	c    stanza.Condition
	name string
	typ  stanza.ErrorType
}{
	{stanza.BadRequest, "bad-request", stanza.Modify},
	{stanza.Conflict, "conflict", stanza.Cancel},
	{stanza.FeatureNotImplemented, "feature-not-implemented", stanza.Cancel},
	{stanza.Forbidden, "forbidden", stanza.Auth},
	{stanza.Gone, "gone", stanza.Cancel},
	{stanza.InternalServerError, "internal-server-error", stanza.Cancel},
	{stanza.ItemNotFound, "item-not-found", stanza.Cancel},
	{stanza.JIDMalformed, "jid-malformed", stanza.Modify},
	{stanza.NotAcceptable, "not-acceptable", stanza.Modify},
	{stanza.NotAllowed, "not-allowed", stanza.Cancel},
	{stanza.NotAuthorized, "not-authorized", stanza.Auth},
	{stanza.PolicyViolation, "policy-violation", stanza.Modify},
	{stanza.RecipientUnavailable, "recipient-unavailable", stanza.Wait},
	{stanza.Redirect, "redirect", stanza.Modify},
	{stanza.RegistrationRequired, "registration-required", stanza.Auth},
	{stanza.RemoteServerNotFound, "remote-server-not-found", stanza.Cancel},
	{stanza.RemoteServerTimeout, "remote-server-timeout", stanza.Wait},
	{stanza.ResourceConstraint, "resource-constraint", stanza.Wait},
	{stanza.ServiceUnavailable, "service-unavailable", stanza.Cancel},
	{stanza.SubscriptionRequired, "subscription-required", stanza.Auth},
	{stanza.UndefinedCondition, "undefined-condition", stanza.Cancel},
	{stanza.UnexpectedRequest, "unexpected-request", stanza.Wait},
}

func TestConditions(t *testing.T) {
	if len(allConditions) != 22 {
		t.Fatalf("%d conditions listed, RFC 6120 defines 22", len(allConditions))
	}
	for _, tc := range allConditions {
		if string(tc.c) != tc.name || !tc.c.Defined() {
			t.Errorf("%q: name %q, defined %v", tc.name, tc.c, tc.c.Defined())
		}
		if got := tc.c.DefaultType(); got != tc.typ || !got.Valid() {
			t.Errorf("%s: default type %q, want %q", tc.name, got, tc.typ)
		}
		if e := stanza.NewError(tc.c); e.Condition != tc.c || e.Type != tc.typ {
			t.Errorf("NewError(%s) = %+v", tc.name, e)
		}
	}
	if stanza.Condition("made-up").Defined() || stanza.Condition("made-up").DefaultType() != stanza.Cancel {
		t.Error("made-up condition handled wrongly")
	}
	for _, typ := range []stanza.ErrorType{stanza.Auth, stanza.Cancel, stanza.Continue, stanza.Modify, stanza.Wait} {
		if !typ.Valid() {
			t.Errorf("type %q not valid", typ)
		}
	}
	if stanza.ErrorType("fatal").Valid() {
		t.Error("made-up type accepted")
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		e    stanza.Error
		want string
	}{
		{stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound}, "stanza: cancel item-not-found"},
		{stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "no id"}, "stanza: modify bad-request: no id"},
		{stanza.Error{Condition: stanza.Conflict}, "stanza: conflict"},
		{stanza.Error{}, "stanza: undefined-condition"},
		{stanza.Error{Type: stanza.Cancel, Condition: stanza.FeatureNotImplemented,
			App: stanza.NewAppCondition("http://jabber.org/protocol/pubsub#errors", "unsupported")},
			"stanza: cancel feature-not-implemented (unsupported)"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestErrorsIs(t *testing.T) {
	pubsub := stanza.NewAppCondition("http://jabber.org/protocol/pubsub#errors", "unsupported")
	err := stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound, Text: "gone fishing",
		By: jid.MustParse("example.com"), App: pubsub}
	forms := map[string]error{
		"value":   err,
		"pointer": &err,
		"wrapped": fmt.Errorf("query: %w", &err),
	}
	targets := []struct {
		name   string
		target error
		want   bool
	}{
		{"condition", stanza.Error{Condition: stanza.ItemNotFound}, true},
		{"condition pointer", &stanza.Error{Condition: stanza.ItemNotFound}, true},
		{"type", stanza.Error{Type: stanza.Cancel}, true},
		{"type and condition", stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound}, true},
		{"zero pattern", stanza.Error{}, true},
		{"app name", stanza.Error{App: pubsub}, true},
		{"by", stanza.Error{By: jid.MustParse("example.com")}, true},
		{"text", stanza.Error{Text: "gone fishing"}, true},
		{"other condition", stanza.Error{Condition: stanza.Conflict}, false},
		{"other type", stanza.Error{Type: stanza.Wait, Condition: stanza.ItemNotFound}, false},
		{"other app", stanza.Error{App: stanza.NewAppCondition("urn:x", "unsupported")}, false},
		{"other by", stanza.Error{By: jid.MustParse("example.net")}, false},
		{"other text", stanza.Error{Text: "x"}, false},
		{"nil pointer", (*stanza.Error)(nil), false},
		{"other error", errors.New("stanza: cancel item-not-found"), false},
	}
	for form, e := range forms {
		for _, tc := range targets {
			if got := errors.Is(e, tc.target); got != tc.want {
				t.Errorf("%s, %s: errors.Is = %v, want %v", form, tc.name, got, tc.want)
			}
		}
	}
}

func TestErrorsAs(t *testing.T) {
	orig := stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden}
	for name, err := range map[string]error{"value": orig, "pointer": &orig, "wrapped": fmt.Errorf("x: %w", orig)} {
		var v stanza.Error
		if !errors.As(err, &v) || v.Condition != stanza.Forbidden {
			t.Errorf("%s: As(*Error) = %+v", name, v)
		}
		var p *stanza.Error
		if !errors.As(err, &p) || p == nil || p.Condition != stanza.Forbidden {
			t.Errorf("%s: As(**Error) = %+v", name, p)
		}
	}
	var xe *xmlstream.Error
	if errors.As(orig, &xe) {
		t.Error("As matched an unrelated type")
	}
}

var errorCases = []struct {
	name string
	in   string
	want stanza.Error
}{
	{"condition only", `<error xmlns='jabber:client' type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`,
		stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound}},
	{"text and by", `<error xmlns='jabber:client' type='modify' by='example.com'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Missing id</text></error>`,
		stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, By: jid.MustParse("example.com"), Text: "Missing id", Lang: "en"}},
	{"gone", `<error xmlns='jabber:client' type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:romeo@afterlife.example.net</gone></error>`,
		stanza.Error{Type: stanza.Cancel, Condition: stanza.Gone, URI: "xmpp:romeo@afterlife.example.net"}},
	{"redirect", `<error xmlns='jabber:client' type='modify'><redirect xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:rooms@muc.example.com</redirect></error>`,
		stanza.Error{Type: stanza.Modify, Condition: stanza.Redirect, URI: "xmpp:rooms@muc.example.com"}},
	{"text of other conditions ignored", `<error xmlns='jabber:client' type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>junk</conflict></error>`,
		stanza.Error{Type: stanza.Cancel, Condition: stanza.Conflict}},
	{"app condition", `<error xmlns='jabber:client' type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><unsupported xmlns='http://jabber.org/protocol/pubsub#errors' feature='publish'/></error>`,
		stanza.Error{Type: stanza.Cancel, Condition: stanza.FeatureNotImplemented,
			App: stanza.NewAppCondition("http://jabber.org/protocol/pubsub#errors", "unsupported", xml.Attr{Name: xml.Name{Local: "feature"}, Value: "publish"})}},
	{"app condition with content", `<error xmlns='jabber:client' type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><quota xmlns='urn:example'>x<n>5</n></quota></error>`,
		stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, App: stanza.AppCondition{
			XMLName: xml.Name{Space: "urn:example", Local: "quota"},
			Inner: []xml.Token{xml.CharData("x"), xml.StartElement{Name: xml.Name{Space: "urn:example", Local: "n"}},
				xml.CharData("5"), xml.EndElement{Name: xml.Name{Space: "urn:example", Local: "n"}}}}}},
	{"app condition with a child in no namespace", `<error xmlns='jabber:client' type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><quota xmlns='urn:example'><n xmlns=''>5</n></quota></error>`,
		stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, App: stanza.AppCondition{
			XMLName: xml.Name{Space: "urn:example", Local: "quota"},
			Inner:   []xml.Token{xml.StartElement{Name: xml.Name{Local: "n"}}, xml.CharData("5"), xml.EndElement{Name: xml.Name{Local: "n"}}}}}},
	{"no condition", `<error xmlns='jabber:client' type='cancel'/>`,
		stanza.Error{Type: stanza.Cancel, Condition: stanza.UndefinedCondition}},
	{"first condition and text win", `<error xmlns='jabber:client' type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>a</text><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>b</text></error>`,
		stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden, Text: "a"}},
	{"unknown kept, bad by ignored", `<error xmlns='jabber:client' type='fatal' by='@x'><made-up xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`,
		stanza.Error{Type: "fatal", Condition: "made-up"}},
}

func TestParseError(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := stanza.ParseError(xmpptest.Element(t, tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("token layer:\n got %#v\nwant %#v", got, tc.want)
			}
			var viaXML stanza.Error
			if err := xml.Unmarshal([]byte(tc.in), &viaXML); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(viaXML, tc.want) {
				t.Errorf("encoding/xml:\n got %#v\nwant %#v", viaXML, tc.want)
			}
		})
	}
}

func TestParseErrorFromStanza(t *testing.T) {
	in := `<iq xmlns='jabber:client' type='error' id='x'><query xmlns='jabber:iq:roster'/><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`
	got, err := stanza.ParseError(xmpptest.Element(t, in))
	if err != nil || got.Condition != stanza.ServiceUnavailable || got.Type != stanza.Cancel {
		t.Errorf("got %+v, %v", got, err)
	}
	// The same through a struct that embeds the header.
	var s struct {
		stanza.IQ
		Err stanza.Error `xml:"error"`
	}
	if err := xml.Unmarshal([]byte(in), &s); err != nil || !reflect.DeepEqual(s.Err, got) {
		t.Errorf("encoding/xml: %+v, %v", s.Err, err)
	}
	for _, bad := range []string{
		`<iq xmlns='jabber:client' type='error' id='x'/>`,
		`<iq xmlns='jabber:client' type='error' id='x'><error xmlns='urn:other'/></iq>`,
		`<error xmlns='http://etherx.jabber.org/streams'/>`,
		`<query xmlns='jabber:iq:roster'/>`,
	} {
		if _, err := stanza.ParseError(xmpptest.Element(t, bad)); !errors.Is(err, stanza.ErrNotError) {
			t.Errorf("%s: got %v, want ErrNotError", bad, err)
		}
	}
}

func TestErrorRoundTrip(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			written := xmpptest.MarshalIn(t, "jabber:client", tc.want)
			back, err := stanza.ParseError(xmpptest.Element(t, written))
			if err != nil {
				t.Fatalf("%s: %v", written, err)
			}
			if !reflect.DeepEqual(back, tc.want) {
				t.Errorf("token layer round trip of %s:\n got %#v\nwant %#v", written, back, tc.want)
			}
			marshalled, err := xml.Marshal(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			var viaXML stanza.Error
			if err := xml.Unmarshal(marshalled, &viaXML); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(viaXML, tc.want) {
				t.Errorf("encoding/xml round trip of %s:\n got %#v\nwant %#v", marshalled, viaXML, tc.want)
			}
		})
	}
}

func TestErrorWriteDefaults(t *testing.T) {
	got := xmpptest.Marshal(t, stanza.Error{})
	want := `<error type="cancel"><undefined-condition xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>`
	if got != want {
		t.Errorf("zero Error:\n got %s\nwant %s", got, want)
	}
	got = xmpptest.Marshal(t, stanza.Error{Condition: stanza.NotAuthorized, Text: "who?", Lang: "en"})
	want = `<error type="auth"><not-authorized xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas" xml:lang="en">who?</text></error>`
	if got != want {
		t.Errorf("defaulted type:\n got %s\nwant %s", got, want)
	}
	// A URI is only written for the conditions that carry one.
	got = xmpptest.Marshal(t, stanza.Error{Type: stanza.Cancel, Condition: stanza.Conflict, URI: "xmpp:x"})
	if want = `<error type="cancel"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>`; got != want {
		t.Errorf("URI on conflict:\n got %s\nwant %s", got, want)
	}
}
