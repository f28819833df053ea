package upload_test

import (
	"testing"

	"github.com/canto-im/xmpp/upload"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParseRequest is what the service pays to read a slot request.
func BenchmarkParseRequest(b *testing.B) {
	el := xmpptest.Element(b, `<request xmlns='urn:xmpp:http:upload:0' filename='très cool.jpg' size='23456' content-type='image/jpeg'/>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := upload.ParseRequest(el); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSlot is what a client pays to read the answer.
func BenchmarkParseSlot(b *testing.B) {
	el := xmpptest.Element(b, `<slot xmlns='urn:xmpp:http:upload:0'><put url='https://u.example/a/b.jpg'>`+
		`<header name='Authorization'>Basic Base64String==</header></put><get url='https://d.example/a/b.jpg'/></slot>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := upload.ParseSlot(el); err != nil {
			b.Fatal(err)
		}
	}
}
