package stream_test

import (
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const (
	nsTLS  = "urn:ietf:params:xml:ns:xmpp-tls"
	nsSASL = "urn:ietf:params:xml:ns:xmpp-sasl"
	nsBind = "urn:ietf:params:xml:ns:xmpp-bind"
)

const featuresIn = `<stream:features>` +
	`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>` +
	`<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>` +
	`<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required xmlns='urn:other'/></bind>` +
	`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>` +
	`</stream:features>`

func TestParseFeatures(t *testing.T) {
	f, err := stream.ParseFeatures(xmpptest.ElementIn(t, "jabber:client", featuresIn))
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != 4 {
		t.Fatalf("Len = %d", f.Len())
	}
	wantNames := []xml.Name{{Space: nsTLS, Local: "starttls"}, {Space: nsSASL, Local: "mechanisms"}, {Space: nsBind, Local: "bind"}, {Space: nsTLS, Local: "starttls"}}
	if got := f.Names(); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("Names = %v", got)
	}
	tests := []struct {
		space, local  string
		has, required bool
	}{
		{nsTLS, "starttls", true, true}, // the first one counts
		{nsSASL, "mechanisms", true, false},
		{nsBind, "bind", true, false}, // <required/> in another namespace does not count
		{nsBind, "session", false, false},
		{"", "starttls", false, false},
	}
	for _, tc := range tests {
		if f.Has(tc.space, tc.local) != tc.has || f.Required(tc.space, tc.local) != tc.required {
			t.Errorf("%s %s: has %v required %v", tc.space, tc.local, f.Has(tc.space, tc.local), f.Required(tc.space, tc.local))
		}
	}
	mech, _ := f.Lookup(nsSASL, "mechanisms")
	var mechs []string
	for c := range mech.Children() {
		mechs = append(mechs, c.Text())
	}
	if strings.Join(mechs, ",") != "SCRAM-SHA-1,PLAIN" {
		t.Errorf("mechanisms %v", mechs)
	}
	var n int
	for e := range f.All() {
		if e.Name() != wantNames[n] {
			t.Errorf("All[%d] = %v", n, e.Name())
		}
		n++
		if n == 2 {
			break // stopping early must be honoured
		}
	}
}

// TestFeaturesOutliveElement: features are copies, valid after the decoder
// reuses the element they came from.
func TestFeaturesOutliveElement(t *testing.T) {
	d := xmlstream.NewDecoder(strings.NewReader(streamOpen+featuresIn+`<message><body>overwrite the storage</body></message>`), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	f, err := stream.ParseFeatures(&el)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if !f.Required(nsTLS, "starttls") || !f.Has(nsSASL, "mechanisms") {
		t.Errorf("features changed after reuse: %v", f.Names())
	}
}

func TestParseFeaturesEmptyAndWrong(t *testing.T) {
	f, err := stream.ParseFeatures(xmpptest.ElementIn(t, "jabber:client", `<stream:features/>`))
	if err != nil || f.Len() != 0 || f.Has(nsTLS, "starttls") {
		t.Errorf("empty: %v, %v", f.Names(), err)
	}
	var zero stream.Features
	if zero.Len() != 0 || zero.Names() == nil && len(zero.Names()) != 0 {
		t.Error("zero Features not empty")
	}
	for _, bad := range []string{`<features xmlns='jabber:client'/>`, `<stream:error/>`} {
		if _, err := stream.ParseFeatures(xmpptest.ElementIn(t, "jabber:client", bad)); !errors.Is(err, stream.ErrUnexpectedElement) {
			t.Errorf("%s: got %v", bad, err)
		}
	}
}

// starttls is a feature that writes itself, as the session's features will.
type starttls struct{ required bool }

func (s starttls) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(xml.Name{Space: nsTLS, Local: "starttls"}); err != nil {
		return err
	}
	if s.required {
		if err := w.Start(xml.Name{Space: nsTLS, Local: "required"}); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
	}
	return w.End()
}

func TestWriteFeatures(t *testing.T) {
	got := xmpptest.Marshal(t, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return stream.WriteFeatures(w, starttls{required: true}, stream.NewAppCondition(nsBind, "bind"))
	}))
	want := `<features xmlns="http://etherx.jabber.org/streams"><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"><required/></starttls><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></features>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	f, err := stream.ParseFeatures(xmpptest.Element(t, got))
	if err != nil || !f.Required(nsTLS, "starttls") || !f.Has(nsBind, "bind") || f.Required(nsBind, "bind") {
		t.Errorf("read back %v, %v", f.Names(), err)
	}
}
