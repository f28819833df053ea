package message_test

import (
	"encoding/xml"
	"errors"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

var juliet = jid.MustParse("juliet@example.com/balcony")

func TestWrite(t *testing.T) {
	receipt := xmlstream.EmptyElement{Name: xml.Name{Space: "urn:xmpp:receipts", Local: "request"}}
	tests := []struct {
		name    string
		m       message.Message
		want    string
		wantErr error
	}{
		{"chat", message.Message{Header: stanza.Message{ID: "m1", To: juliet, Type: stanza.ChatMessage}, Bodies: []message.Text{{Text: "Wherefore art thou?"}}},
			`<message id="m1" to="juliet@example.com/balcony" type="chat"><body>Wherefore art thou?</body></message>`, nil},
		// RFC 6121 §5.2.3, example: alternate bodies.
		{"languages", message.Message{
			Header:   stanza.Message{To: juliet, Lang: "en"},
			Subjects: []message.Text{{Text: "I implore you!"}, {Lang: "cs", Text: "Úpěnlivě prosím!"}},
			Bodies:   []message.Text{{Text: "Wherefore art thou, Romeo?"}, {Lang: "cs", Text: "Proč jsi ty, Romeo?"}}},
			`<message to="juliet@example.com/balcony" xml:lang="en"><subject>I implore you!</subject><subject xml:lang="cs">Úpěnlivě prosím!</subject>` +
				`<body>Wherefore art thou, Romeo?</body><body xml:lang="cs">Proč jsi ty, Romeo?</body></message>`, nil},
		{"thread with parent", message.Message{Header: stanza.Message{Type: stanza.ChatMessage}, Bodies: []message.Text{{Text: "hi"}},
			Thread: message.Thread{ID: "e0ffe42b28561960c6b12b944a092794b9683a38", Parent: "7edac73ab41e45c4aafa7b2d7b749080"}},
			`<message type="chat"><body>hi</body><thread parent="7edac73ab41e45c4aafa7b2d7b749080">e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>`, nil},
		{"escaping", message.Message{Bodies: []message.Text{{Text: "a < b & c"}}},
			`<message><body>a &lt; b &amp; c</body></message>`, nil},
		{"payload", message.Message{Bodies: []message.Text{{Text: "x"}}, Payload: []xmlstream.Marshaler{nil, receipt}},
			`<message><body>x</body><request xmlns="urn:xmpp:receipts"/></message>`, nil},
		{"no content", message.Message{Header: stanza.Message{Type: stanza.HeadlineMessage}}, `<message type="headline"/>`, nil},
		{"two bodies without lang", message.Message{Bodies: []message.Text{{Text: "a"}, {Text: "b"}}}, "", message.ErrDuplicateLang},
		{"body in the message's language twice", message.Message{Header: stanza.Message{Lang: "en"}, Bodies: []message.Text{{Text: "a"}, {Lang: "EN", Text: "b"}}},
			"", message.ErrDuplicateLang},
		{"two subjects", message.Message{Subjects: []message.Text{{Lang: "de", Text: "a"}, {Lang: "de", Text: "b"}}}, "", message.ErrDuplicateLang},
		{"parent without thread", message.Message{Thread: message.Thread{Parent: "p"}}, "", message.ErrParentWithoutThread},
		{"bad type", message.Message{Header: stanza.Message{Type: "bogus"}}, "", stanza.ErrInvalidType},
		{"bad character", message.Message{Bodies: []message.Text{{Text: "\x01"}}}, "", xmlstream.ErrInvalidChar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tryMarshal(tt.m)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    message.Message
		wantErr error
	}{
		{"chat", `<message xmlns='jabber:client' from='juliet@example.com/balcony' id='m1' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`,
			message.Message{Header: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"}, ID: "m1", From: juliet, Type: stanza.ChatMessage},
				Bodies: []message.Text{{Text: "hi"}}}, nil},
		{"languages and thread", `<message xmlns='jabber:server' xml:lang='en'><body>Hello</body><subject xml:lang='de'>Betreff</subject><body xml:lang='de'>Hallo</body><thread parent='p1'>t1</thread></message>`,
			message.Message{Header: stanza.Message{XMLName: xml.Name{Space: stanza.NSServer, Local: "message"}, Lang: "en"},
				Bodies: []message.Text{{Text: "Hello"}, {Lang: "de", Text: "Hallo"}}, Subjects: []message.Text{{Lang: "de", Text: "Betreff"}},
				Thread: message.Thread{ID: "t1", Parent: "p1"}}, nil},
		{"foreign body ignored", `<message xmlns='jabber:client'><body xmlns='urn:other'>x</body></message>`,
			message.Message{Header: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"}}}, nil},
		{"empty thread is none", `<message xmlns='jabber:client'><thread/></message>`,
			message.Message{Header: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"}}}, nil},
		{"not a message", `<presence xmlns='jabber:client'/>`, message.Message{}, message.ErrNotMessage},
		{"not a stanza", `<message xmlns='urn:other'/>`, message.Message{}, message.ErrNotMessage},
		{"two bodies in one language", `<message xmlns='jabber:client' xml:lang='en'><body>a</body><body xml:lang='en'>b</body></message>`,
			message.Message{}, message.ErrDuplicateLang},
		{"two threads", `<message xmlns='jabber:client'><thread/><thread>b</thread></message>`, message.Message{}, message.ErrTwoThreads},
		{"parent without thread", `<message xmlns='jabber:client'><thread parent='p'/></message>`, message.Message{}, message.ErrParentWithoutThread},
		{"element in body", `<message xmlns='jabber:client'><body>a<b/>c</body></message>`, message.Message{}, message.ErrChildElement},
		{"element in thread", `<message xmlns='jabber:client'><thread>a<b/></thread></message>`, message.Message{}, message.ErrChildElement},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			el, err := readElement(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := message.Parse(el)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A bad address is the stanza error ParseHeader gives.
func TestParseBadHeader(t *testing.T) {
	el, err := readElement(`<message xmlns='jabber:client' to='@'><body>x</body></message>`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = message.Parse(el)
	if se, ok := errors.AsType[*stanza.Error](err); !ok || se.Condition != stanza.JIDMalformed {
		t.Errorf("err = %v, want jid-malformed", err)
	}
}

func TestBodyLanguage(t *testing.T) {
	m := message.Message{
		Header: stanza.Message{Lang: "en"},
		Bodies: []message.Text{{Text: "Hello"}, {Lang: "de", Text: "Hallo"}, {Lang: "de-CH", Text: "Grüezi"}, {Lang: "fr", Text: "Salut"}},
	}
	tests := []struct{ lang, want string }{
		{"", "Hello"},
		{"en", "Hello"},
		{"en-GB", "Hello"},
		{"de", "Hallo"},
		{"DE-ch", "Grüezi"},
		{"de-AT", "Hallo"},
		{"de-CH-x-zh", "Grüezi"},
		{"fr-x-foo", "Salut"},
		{"ja", "Hello"},
	}
	for _, tt := range tests {
		if got := m.Body(tt.lang); got != tt.want {
			t.Errorf("Body(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	// Without a text in the message's language, the first one.
	other := message.Message{Header: stanza.Message{Lang: "en"}, Subjects: []message.Text{{Lang: "cs", Text: "Ahoj"}, {Lang: "de", Text: "Hallo"}}}
	if got := other.Subject("ja"); got != "Ahoj" {
		t.Errorf("Subject fell back to %q", got)
	}
	if got := other.Body("en"); got != "" {
		t.Errorf("Body of a message without one = %q", got)
	}
}

// Beyond a few alternatives the duplicate check switches to a map; both
// must agree.
func TestManyLanguages(t *testing.T) {
	langs := []string{"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn", "bo"}
	for _, n := range []int{2, 16, 17, len(langs)} {
		var bodies []message.Text
		for _, l := range langs[:n] {
			bodies = append(bodies, message.Text{Lang: l, Text: l})
		}
		if _, err := tryMarshal(message.Message{Bodies: bodies}); err != nil {
			t.Errorf("%d distinct languages: %v", n, err)
		}
		bodies = append(bodies, message.Text{Lang: "AA", Text: "again"})
		if _, err := tryMarshal(message.Message{Bodies: bodies}); !errors.Is(err, message.ErrDuplicateLang) {
			t.Errorf("%d languages and a duplicate: %v", n, err)
		}
	}
}

func TestChatAndReply(t *testing.T) {
	m := message.Chat(juliet, "hello")
	if m.Header.To != juliet || m.Header.Type != stanza.ChatMessage || len(m.Header.ID) != 16 || m.Body("") != "hello" {
		t.Fatalf("Chat = %+v", m)
	}
	in := message.Message{Header: stanza.Message{ID: "x", From: juliet, Type: stanza.NormalMessage}, Thread: message.Thread{ID: "t"}}
	r := in.Reply("hi")
	if r.Header.To != juliet || r.Header.Type != stanza.NormalMessage || r.Header.ID == "x" || r.Thread != in.Thread || r.Body("") != "hi" {
		t.Errorf("Reply = %+v", r)
	}
	in.Header.Type = stanza.ErrorMessage
	if r := in.Reply("hi"); r.Header.Type != stanza.ChatMessage {
		t.Errorf("reply to an error has type %q", r.Header.Type)
	}
}
