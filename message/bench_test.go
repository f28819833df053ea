package message_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkChatWrite is the cost of building and encoding one chat
// message: two allocations, the message and its id.
func BenchmarkChatWrite(b *testing.B) {
	w := xmlstream.NewWriter(discard{})
	b.ReportAllocs()
	for b.Loop() {
		if err := message.Chat(juliet, "hello").WriteXML(w.Encoder()); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChatSend sends chat messages through a session over an
// in-memory pipe; the receiving side drops them.
func BenchmarkChatSend(b *testing.B) {
	ctx := context.Background()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer server.Close(ctx)
	defer client.Close(ctx)
	to := server.LocalAddr()
	b.ReportAllocs()
	for b.Loop() {
		if err := client.Send(ctx, message.Chat(to, "hello")); err != nil {
			b.Fatal(err)
		}
	}
}

// Writing a parsed message with several languages and a thread allocates
// nothing beyond the message itself.
func TestWriteAllocs(t *testing.T) {
	el, err := readElement(`<message xmlns='jabber:client' xml:lang='en'><subject>s</subject><body>Hello</body><body xml:lang='de'>Hallo</body><thread parent='p'>t</thread></message>`)
	if err != nil {
		t.Fatal(err)
	}
	m, err := message.Parse(el)
	if err != nil {
		t.Fatal(err)
	}
	w := xmlstream.NewWriter(discard{})
	if n := testing.AllocsPerRun(100, func() {
		if err := m.WriteXML(w.Encoder()); err != nil {
			t.Fatal(err)
		}
		_ = w.Flush()
	}); n != 0 {
		t.Errorf("WriteXML: %v allocations, want 0", n)
	}
}
