package stream_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// allConditions are the 25 conditions of RFC 6120 §4.9.3, in its order.
var allConditions = []struct {
	e    stream.Error
	name string
}{
	{stream.BadFormat, "bad-format"},
	{stream.BadNamespacePrefix, "bad-namespace-prefix"},
	{stream.Conflict, "conflict"},
	{stream.ConnectionTimeout, "connection-timeout"},
	{stream.HostGone, "host-gone"},
	{stream.HostUnknown, "host-unknown"},
	{stream.ImproperAddressing, "improper-addressing"},
	{stream.InternalServerError, "internal-server-error"},
	{stream.InvalidFrom, "invalid-from"},
	{stream.InvalidNamespace, "invalid-namespace"},
	{stream.InvalidXML, "invalid-xml"},
	{stream.NotAuthorized, "not-authorized"},
	{stream.NotWellFormed, "not-well-formed"},
	{stream.PolicyViolation, "policy-violation"},
	{stream.RemoteConnectionFailed, "remote-connection-failed"},
	{stream.Reset, "reset"},
	{stream.ResourceConstraint, "resource-constraint"},
	{stream.RestrictedXML, "restricted-xml"},
	{stream.SeeOtherHost, "see-other-host"},
	{stream.SystemShutdown, "system-shutdown"},
	{stream.UndefinedCondition, "undefined-condition"},
	{stream.UnsupportedEncoding, "unsupported-encoding"},
	{stream.UnsupportedFeature, "unsupported-feature"},
	{stream.UnsupportedStanzaType, "unsupported-stanza-type"},
	{stream.UnsupportedVersion, "unsupported-version"},
}

func TestConditions(t *testing.T) {
	if len(allConditions) != 25 {
		t.Fatalf("%d conditions listed, RFC 6120 §4.9.3 defines 25", len(allConditions))
	}
	for _, tc := range allConditions {
		if tc.e.Condition != tc.name || !stream.DefinedCondition(tc.name) {
			t.Errorf("%s: condition %q", tc.name, tc.e.Condition)
		}
		if got := tc.e.Error(); got != "stream: "+tc.name {
			t.Errorf("%s: Error() = %q", tc.name, got)
		}
		// Each condition matches itself only.
		for _, other := range allConditions {
			if got := errors.Is(tc.e, other.e); got != (tc.name == other.name) {
				t.Errorf("errors.Is(%s, %s) = %v", tc.name, other.name, got)
			}
		}
	}
	if stream.DefinedCondition("made-up") {
		t.Error("made-up condition defined")
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		e    stream.Error
		want string
	}{
		{stream.Error{}, "stream: undefined-condition"},
		{stream.PolicyViolation.WithText("too big"), "stream: policy-violation: too big"},
		{stream.SeeOtherHost.WithHost("[2001:db8::1]:5222"), "stream: see-other-host [2001:db8::1]:5222"},
		{stream.Error{Condition: "undefined-condition", App: stream.NewAppCondition("urn:xmpp:sm:3", "handled-count-too-high")},
			"stream: undefined-condition (handled-count-too-high)"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestErrorsIs(t *testing.T) {
	sm := stream.NewAppCondition("urn:xmpp:sm:3", "handled-count-too-high")
	err := stream.Error{Condition: "undefined-condition", Text: "h too high", App: sm}
	forms := map[string]error{"value": err, "pointer": &err, "wrapped": fmt.Errorf("read: %w", &err)}
	targets := []struct {
		name   string
		target error
		want   bool
	}{
		{"condition", stream.UndefinedCondition, true},
		{"condition pointer", &stream.UndefinedCondition, true},
		{"zero", stream.Error{}, true},
		{"app", stream.Error{App: sm}, true},
		{"text", stream.Error{Text: "h too high"}, true},
		{"condition and app", stream.Error{Condition: "undefined-condition", App: sm}, true},
		{"other condition", stream.Conflict, false},
		{"other app", stream.Error{App: stream.NewAppCondition("urn:xmpp:sm:2", "handled-count-too-high")}, false},
		{"other text", stream.Error{Text: "x"}, false},
		{"host", stream.Error{Host: "x"}, false},
		{"nil", (*stream.Error)(nil), false},
		{"unrelated", errors.New("stream: undefined-condition"), false},
	}
	for form, e := range forms {
		for _, tc := range targets {
			if got := errors.Is(e, tc.target); got != tc.want {
				t.Errorf("%s, %s: got %v, want %v", form, tc.name, got, tc.want)
			}
		}
	}
}

func TestErrorsAs(t *testing.T) {
	for name, err := range map[string]error{"value": stream.Conflict, "pointer": &stream.Conflict, "wrapped": fmt.Errorf("x: %w", stream.Conflict)} {
		var v stream.Error
		if !errors.As(err, &v) || v.Condition != "conflict" {
			t.Errorf("%s: As(*Error) = %+v", name, v)
		}
		var p *stream.Error
		if !errors.As(err, &p) || p.Condition != "conflict" {
			t.Errorf("%s: As(**Error) = %+v", name, p)
		}
	}
}

var errorCases = []struct {
	name string
	in   string
	want stream.Error
}{
	{"condition", `<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`, stream.NotWellFormed},
	{"text", `<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>Replaced by new connection</text></stream:error>`,
		stream.Error{Condition: "conflict", Text: "Replaced by new connection", Lang: "en"}},
	{"see-other-host", `<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>[2001:db8::ea]:9090</see-other-host></stream:error>`,
		stream.SeeOtherHost.WithHost("[2001:db8::ea]:9090")},
	{"host only on see-other-host", `<stream:error><host-gone xmlns='urn:ietf:params:xml:ns:xmpp-streams'>x</host-gone></stream:error>`, stream.HostGone},
	{"app", `<stream:error><undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><handled-count-too-high xmlns='urn:xmpp:sm:3' h='10' send-count='8'/></stream:error>`,
		stream.Error{Condition: "undefined-condition", App: stream.NewAppCondition("urn:xmpp:sm:3", "handled-count-too-high",
			xml.Attr{Name: xml.Name{Local: "h"}, Value: "10"}, xml.Attr{Name: xml.Name{Local: "send-count"}, Value: "8"})}},
	{"app with content", `<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><x xmlns='urn:example'>a<y/>b</x><z xmlns='urn:example'/></stream:error>`,
		stream.Error{Condition: "policy-violation", App: stream.AppCondition{XMLName: xml.Name{Space: "urn:example", Local: "x"},
			Inner: []xml.Token{xml.CharData("a"), xml.StartElement{Name: xml.Name{Space: "urn:example", Local: "y"}},
				xml.EndElement{Name: xml.Name{Space: "urn:example", Local: "y"}}, xml.CharData("b")}}}},
	{"no condition", `<stream:error/>`, stream.UndefinedCondition},
	{"first condition wins", `<stream:error><reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`, stream.Reset},
	{"unknown kept", `<stream:error><made-up xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`, stream.Error{Condition: "made-up"}},
}

func TestParseError(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := stream.ParseError(xmpptest.ElementIn(t, "jabber:client", tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
	for _, bad := range []string{`<stream:features/>`, `<error xmlns='jabber:client'/>`} {
		if _, err := stream.ParseError(xmpptest.ElementIn(t, "jabber:client", bad)); !errors.Is(err, stream.ErrUnexpectedElement) {
			t.Errorf("%s: got %v", bad, err)
		}
	}
}

func TestErrorRoundTrip(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			out := xmpptest.Marshal(t, tc.want)
			back, err := stream.ParseError(xmpptest.Element(t, out))
			if err != nil {
				t.Fatalf("%s: %v", out, err)
			}
			if !reflect.DeepEqual(back, tc.want) {
				t.Errorf("round trip of %s:\n got %#v\nwant %#v", out, back, tc.want)
			}
		})
	}
}

func TestWriteError(t *testing.T) {
	got := xmpptest.Marshal(t, stream.SeeOtherHost.WithHost("other.example.com").WithText("moved"))
	want := `<error xmlns="http://etherx.jabber.org/streams"><see-other-host xmlns="urn:ietf:params:xml:ns:xmpp-streams">other.example.com</see-other-host>` +
		`<text xmlns="urn:ietf:params:xml:ns:xmpp-streams">moved</text></error>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	w := xmlstream.NewWriter(discard{})
	if err := (stream.Error{Condition: "not a name"}).WriteXML(w.Encoder()); err == nil {
		t.Error("invalid condition name written")
	}
}
