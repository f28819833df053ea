package stream_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

func ExampleHeader_WriteStart() {
	w := xmlstream.NewWriter(os.Stdout)
	h := stream.Header{To: jid.MustParse("im.example.com"), Version: stream.Version, Lang: "en", NS: "jabber:client"}
	_ = h.WriteStart(w)
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='1.0' xml:lang='en'>
}

func ExampleReadHeader() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='im.example.com' version='2.0'>`),
		xmlstream.Limits{})
	h, err := stream.ReadHeader(d)
	fmt.Println(h.To, errors.Is(err, stream.UnsupportedVersion))

	// Reply with our header, then the stream error, then close.
	w := xmlstream.NewWriter(os.Stdout)
	_ = stream.Header{From: h.To, Version: stream.Version, NS: "jabber:client"}.WriteStart(w)
	var se stream.Error
	if errors.As(err, &se) {
		_ = se.WriteXML(w.Encoder())
	}
	_ = w.WriteRaw([]byte(stream.CloseTag))
	_ = w.Flush()
	fmt.Println()
	// Output:
	// im.example.com true
	// <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='im.example.com' version='1.0'><stream:error><unsupported-version xmlns="urn:ietf:params:xml:ns:xmpp-streams"/><text xmlns="urn:ietf:params:xml:ns:xmpp-streams">XMPP 1.x required</text></stream:error></stream:stream>
}

func ExampleParseFeatures() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`+
			`<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>`),
		xmlstream.Limits{})
	_, _ = stream.ReadHeader(d)
	var el xmlstream.Element
	_ = d.ReadElement(&el)
	f, _ := stream.ParseFeatures(&el)
	fmt.Println(f.Len(), f.Required("urn:ietf:params:xml:ns:xmpp-tls", "starttls"))
	// Output:
	// 1 true
}

func ExampleFromDecodeError() {
	d := xmlstream.NewDecoder(strings.NewReader(
		`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><!-- no comments -->`),
		xmlstream.Limits{})
	_, _ = stream.ReadHeader(d)
	var el xmlstream.Element
	err := d.ReadElement(&el)
	se, ok := stream.FromDecodeError(err)
	fmt.Println(ok, se.Condition)
	// Output:
	// true restricted-xml
}

func ExampleError() {
	err := fmt.Errorf("reading: %w", stream.SeeOtherHost.WithHost("other.example.com"))
	var se stream.Error
	if errors.Is(err, stream.SeeOtherHost) && errors.As(err, &se) {
		fmt.Println("reconnect to", se.Host)
	}
	// Output:
	// reconnect to other.example.com
}

func ExampleClose() {
	w := xmlstream.NewWriter(os.Stdout)
	_ = stream.Close{SeeOtherURI: "wss://other.example/xmpp"}.WriteXML(w.Encoder())
	_ = w.Flush()
	fmt.Println()
	// Output:
	// <close xmlns="urn:ietf:params:xml:ns:xmpp-framing" see-other-uri="wss://other.example/xmpp"/>
}
