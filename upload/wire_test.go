package upload_test

import (
	"testing"

	"github.com/canto-im/xmpp/upload"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWireRequest(t *testing.T) {
	xmpptest.RunWire(t, upload.ParseRequest, []xmpptest.WireCase[upload.Request]{
		{Name: "full", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23456' content-type='image/jpeg'/>`,
			Value: upload.Request{Filename: "très cool.jpg", Size: 23456, ContentType: "image/jpeg"}},
		{Name: "no type", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a' size='0'/>`,
			Value: upload.Request{Filename: "a"}},
		{Name: "purpose ignored", ParseOnly: true,
			XML:   `<request xmlns='urn:xmpp:http:upload:0' filename='a.txt' size='1'><message xmlns='urn:xmpp:http:upload:purpose:0'/></request>`,
			Value: upload.Request{Filename: "a.txt", Size: 1}},
		{Name: "bad type dropped", ParseOnly: true, XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a' size='1' content-type='text/html"x'/>`,
			Value: upload.Request{Filename: "a", Size: 1}},
		{Name: "traversal", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='../../etc/passwd' size='1'/>`, WantErr: upload.ErrFilename},
		{Name: "backslash", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='..\x' size='1'/>`, WantErr: upload.ErrFilename},
		{Name: "dot dot", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='..' size='1'/>`, WantErr: upload.ErrFilename},
		{Name: "no name", XML: `<request xmlns='urn:xmpp:http:upload:0' size='1'/>`, WantErr: upload.ErrFilename},
		{Name: "control", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a&#x9;b' size='1'/>`, WantErr: upload.ErrFilename},
		{Name: "negative", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a' size='-1'/>`, WantErr: upload.ErrSize},
		{Name: "plus", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a' size='+1'/>`, WantErr: upload.ErrSize},
		{Name: "overflow", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a' size='99999999999999999999'/>`, WantErr: upload.ErrSize},
		{Name: "no size", XML: `<request xmlns='urn:xmpp:http:upload:0' filename='a'/>`, WantErr: upload.ErrSize},
		{Name: "old namespace", XML: `<request xmlns='urn:xmpp:http:upload' filename='a' size='1'/>`, WantErr: upload.ErrNotRequest},
	})
}

func TestWireSlot(t *testing.T) {
	xmpptest.RunWire(t, upload.ParseSlot, []xmpptest.WireCase[upload.Slot]{
		{Name: "headers", XML: `<slot xmlns='urn:xmpp:http:upload:0'><put url='https://u.example/a/b.jpg'>` +
			`<header name='Authorization'>Basic Base64String==</header><header name='Cookie'>foo=bar; user=romeo</header></put>` +
			`<get url='https://d.example/a/b.jpg'/></slot>`,
			Value: upload.Slot{PutURL: "https://u.example/a/b.jpg", GetURL: "https://d.example/a/b.jpg", Headers: []upload.Header{
				{Name: "Authorization", Value: "Basic Base64String=="}, {Name: "Cookie", Value: "foo=bar; user=romeo"}}}},
		{Name: "other headers dropped, case folded, newlines stripped", ParseOnly: true,
			XML: `<slot xmlns='urn:xmpp:http:upload:0'><put url='https://u/p'><header name='eXpires'>Tue,&#xA; 1</header>` +
				`<header name='Host'>evil</header><header name='X-Extra'>1</header><header name='Cookie&#xD;&#xA;X: y'>z</header>` +
				`<header name='cookie'>a=1&#xD;&#xA;Host: evil</header></put><get url='https://u/g'/></slot>`,
			Value: upload.Slot{PutURL: "https://u/p", GetURL: "https://u/g", Headers: []upload.Header{
				{Name: "Expires", Value: "Tue, 1"}, {Name: "Cookie", Value: "a=1Host: evil"}}}},
		{Name: "no get", XML: `<slot xmlns='urn:xmpp:http:upload:0'><put url='https://u/p'/></slot>`, WantErr: upload.ErrSlotURL},
		{Name: "empty put", XML: `<slot xmlns='urn:xmpp:http:upload:0'><put/><get url='https://u/g'/></slot>`, WantErr: upload.ErrSlotURL},
		{Name: "not a slot", XML: `<request xmlns='urn:xmpp:http:upload:0'/>`, WantErr: upload.ErrNotSlot},
	})
}

// FuzzParseRequest checks that ParseRequest never panics, never accepts a
// name a service could not keep, and that what it accepts round-trips.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		`<request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23456' content-type='image/jpeg'/>`,
		`<request xmlns='urn:xmpp:http:upload:0' filename='../a' size='1'/>`,
		`<request xmlns='urn:xmpp:http:upload:0' filename='a' size='00012' content-type='text/plain; charset=utf-8'/>`,
		`<request xmlns='urn:xmpp:http:upload:0' filename='a' size='9223372036854775807'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		r, err := upload.ParseRequest(el)
		if err != nil {
			return
		}
		if upload.CheckFilename(r.Filename) != nil || r.Size < 0 {
			t.Fatalf("%q: accepted %+v", s, r)
		}
		back, err := upload.ParseRequest(xmpptest.Element(t, xmpptest.Marshal(t, r)))
		if err != nil || back != r {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, r, back, err)
		}
	})
}
