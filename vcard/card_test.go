package vcard_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// raw reads an element for Card.Extra.
func raw(s string) *xmlstream.Element {
	el, err := xmpptest.ReadElement("vcard-temp", s)
	if err != nil {
		panic(err)
	}
	return el
}

var peter = vcard.Card{
	FN:       "Peter Saint-Andre",
	N:        vcard.NameParts{Family: "Saint-Andre", Given: "Peter"},
	Nickname: "stpeter",
	URL:      "http://www.xmpp.org/xsf/people/stpeter.shtml",
	BDay:     "1966-08-06",
	Org:      vcard.Org{Name: "XMPP Standards Foundation", Units: []string{""}},
	Title:    "Executive Director",
	Role:     "Patron Saint",
	Tels: []vcard.Tel{
		{Types: []string{"WORK", "VOICE"}, Number: "303-308-3282"},
		{Types: []string{"WORK", "FAX"}},
		{Types: []string{"WORK", "MSG"}},
		{Types: []string{"HOME", "VOICE"}, Number: "303-555-1212"},
		{Types: []string{"HOME", "FAX"}},
		{Types: []string{"HOME", "MSG"}},
	},
	Addrs: []vcard.Addr{
		{Types: []string{"WORK"}, ExtAdd: "Suite 600", Street: "1899 Wynkoop Street", Locality: "Denver", Region: "CO", PCode: "80202", Country: "USA"},
		{Types: []string{"HOME"}, Locality: "Denver", Region: "CO", PCode: "80209", Country: "USA"},
	},
	Emails:   []vcard.Email{{Types: []string{"INTERNET", "PREF"}, UserID: "stpeter@jabber.org"}},
	JabberID: "stpeter@jabber.org",
	Desc:     "\n    More information about me is located on my\n    personal website: http://www.saint-andre.com/\n  ",
}

func TestCard(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n...")
	b64 := base64.StdEncoding.EncodeToString(png)
	xmpptest.RunWire(t, vcard.Parse, []xmpptest.WireCase[vcard.Card]{
		{Name: "spec", XML: specCard, Value: peter, ParseOnly: true},
		{Name: "empty", XML: `<vCard xmlns='vcard-temp'/>`, Value: vcard.Card{}},
		{Name: "desc only", XML: `<vCard xmlns='vcard-temp'><DESC>Check out my blog at https://stpeter.im/</DESC></vCard>`,
			Value: vcard.Card{Desc: "Check out my blog at https://stpeter.im/"}},
		{Name: "photo", XML: `<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>` + b64 + `</BINVAL></PHOTO></vCard>`,
			Value: vcard.Card{Photo: &vcard.Photo{Type: "image/png", Data: png}}},
		{Name: "photo wrapped", XML: "<vCard xmlns='vcard-temp'><PHOTO><BINVAL>\n" + b64[:8] + "\r\n" + b64[8:] + "\n</BINVAL></PHOTO></vCard>",
			Value: vcard.Card{Photo: &vcard.Photo{Data: png}}, ParseOnly: true},
		{Name: "photo url", XML: `<vCard xmlns='vcard-temp'><PHOTO><EXTVAL>https://a.example/p.png</EXTVAL></PHOTO></vCard>`,
			Value: vcard.Card{Photo: &vcard.Photo{External: "https://a.example/p.png"}}},
		{Name: "empty photo", XML: `<vCard xmlns='vcard-temp'><PHOTO/></vCard>`, Value: vcard.Card{Photo: &vcard.Photo{}}},
		{Name: "bad base64 kept", XML: `<vCard xmlns='vcard-temp'><PHOTO><BINVAL>!!</BINVAL></PHOTO></vCard>`,
			Value: vcard.Card{Extra: []*xmlstream.Element{raw(`<PHOTO><BINVAL>!!</BINVAL></PHOTO>`)}}},
		{Name: "unknown kept", XML: `<vCard xmlns='vcard-temp'><FN>A</FN><X-CUSTOM a='1'>v<SUB/></X-CUSTOM><geo xmlns='urn:x'>1</geo></vCard>`,
			Value: vcard.Card{FN: "A", Extra: []*xmlstream.Element{raw(`<X-CUSTOM a='1'>v<SUB/></X-CUSTOM>`), raw(`<geo xmlns='urn:x'>1</geo>`)}}},
		{Name: "second FN kept", XML: `<vCard xmlns='vcard-temp'><FN>A</FN><FN>B</FN></vCard>`,
			Value: vcard.Card{FN: "A", Extra: []*xmlstream.Element{raw(`<FN>B</FN>`)}}},
		{Name: "legacy TEL kept", XML: `<vCard xmlns='vcard-temp'><TEL>123</TEL><EMAIL><USERID>a@b</USERID><LABEL>x</LABEL></EMAIL></vCard>`,
			Value: vcard.Card{Extra: []*xmlstream.Element{raw(`<TEL>123</TEL>`), raw(`<EMAIL><USERID>a@b</USERID><LABEL>x</LABEL></EMAIL>`)}}},
		{Name: "TEL without NUMBER kept", XML: `<vCard xmlns='vcard-temp'><TEL><HOME/></TEL></vCard>`,
			Value: vcard.Card{Extra: []*xmlstream.Element{raw(`<TEL><HOME/></TEL>`)}}},
		{Name: "N with attribute kept", XML: `<vCard xmlns='vcard-temp'><N><GIVEN x='y'>A</GIVEN></N></vCard>`,
			Value: vcard.Card{Extra: []*xmlstream.Element{raw(`<N><GIVEN x='y'>A</GIVEN></N>`)}}},
		{Name: "all", XML: `<vCard xmlns='vcard-temp'><FN>F</FN><N><FAMILY>a</FAMILY><GIVEN>b</GIVEN><MIDDLE>c</MIDDLE><PREFIX>d</PREFIX><SUFFIX>e</SUFFIX></N>` +
			`<NICKNAME>n</NICKNAME><BDAY>2000-01-02</BDAY><ADR><POBOX>1</POBOX><STREET>s</STREET></ADR><TEL><CELL/><NUMBER>+1</NUMBER></TEL>` +
			`<EMAIL><USERID>u@x</USERID></EMAIL><JABBERID>j@x</JABBERID><TITLE>t</TITLE><ROLE>r</ROLE><ORG><ORGNAME>o</ORGNAME><ORGUNIT>u1</ORGUNIT><ORGUNIT>u2</ORGUNIT></ORG>` +
			`<NOTE>no</NOTE><URL>https://x</URL><DESC>d &amp; &lt;</DESC></vCard>`,
			Value: vcard.Card{FN: "F", N: vcard.NameParts{"a", "b", "c", "d", "e"}, Nickname: "n", BDay: "2000-01-02",
				Addrs: []vcard.Addr{{POBox: "1", Street: "s"}}, Tels: []vcard.Tel{{Types: []string{"CELL"}, Number: "+1"}},
				Emails: []vcard.Email{{UserID: "u@x"}}, JabberID: "j@x", Title: "t", Role: "r",
				Org: vcard.Org{Name: "o", Units: []string{"u1", "u2"}}, Note: "no", URL: "https://x", Desc: "d & <"}},
		{Name: "not vCard", XML: `<vcard xmlns='vcard-temp'/>`, WantErr: vcard.ErrInvalid},
		{Name: "wrong ns", XML: `<vCard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/>`, WantErr: vcard.ErrInvalid},
		{Name: "photo too large", XML: `<vCard xmlns='vcard-temp'><PHOTO><BINVAL>` + base64.StdEncoding.EncodeToString(make([]byte, vcard.MaxPhotoSize+1)) + `</BINVAL></PHOTO></vCard>`,
			WantErr: vcard.ErrPhotoTooLarge},
		{Name: "write photo too large", Value: vcard.Card{Photo: &vcard.Photo{Data: make([]byte, vcard.MaxPhotoSize+1)}}, WantErr: vcard.ErrPhotoTooLarge},
	})
}

// TestRoundTrip checks that what Parse reads from a vCard with unknown
// parts writes back to the same meaning.
func TestRoundTrip(t *testing.T) {
	in := `<vCard xmlns='vcard-temp'><FN>A</FN><X-A>1</X-A><TEL><HOME/><NUMBER>2</NUMBER></TEL><FN>B</FN><KEY><TYPE>x</TYPE><CRED>k</CRED></KEY></vCard>`
	c, err := vcard.Parse(xmpptest.Element(t, in))
	if err != nil {
		t.Fatal(err)
	}
	out := xmpptest.Marshal(t, c)
	want := `<vCard xmlns='vcard-temp'><FN>A</FN><TEL><HOME/><NUMBER>2</NUMBER></TEL><X-A>1</X-A><FN>B</FN><KEY><TYPE>x</TYPE><CRED>k</CRED></KEY></vCard>`
	if same, err := xmpptest.SameXML(out, want); !same || err != nil {
		t.Errorf("wrote %s, want %s", out, want)
	}
	if !strings.Contains(out, "<CRED>k</CRED>") || !bytes.Contains([]byte(out), []byte("<X-A>1</X-A>")) {
		t.Errorf("lost an unknown child: %s", out)
	}
}
