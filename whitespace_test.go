package xmpp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSendWhitespace: a whitespace keepalive is a space on the wire
// (alone, or gathered with what is written right after it), counted as a
// write, and the stream goes on.
func TestSendWhitespace(t *testing.T) {
	raw := &xmpp.LockedBufferForTest{}
	got := make(chan string, 1)
	opts := xmpptest.Handlers(nil, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Header.ID
		return nil
	}))
	opts.Client.RawLog = raw
	client, _ := xmpptest.Pair(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	before := client.WriteCount()
	if err := client.SendWhitespace(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(raw.String(), `-> " "`); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no whitespace chunk in the raw log:\n%s", raw)
		}
	}
	if err := client.SendWhitespace(ctx); err != nil {
		t.Fatal(err)
	}
	if n := client.WriteCount() - before; n != 2 {
		t.Errorf("WriteCount grew by %d, want 2", n)
	}
	if err := client.Send(ctx, xmpptest.Element(t, `<message xmlns="jabber:client" id="after"/>`)); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-got:
		if id != "after" {
			t.Errorf("server got %q", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream did not go on after the whitespace")
	}
}

// A keepalive writes a space only when nothing else was written since it
// last looked.
func ExampleSession_SendWhitespace() {
	ctx := context.Background()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	last := client.WriteCount()
	// ... an interval later:
	if client.WriteCount() == last {
		if err := client.SendWhitespace(ctx); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("writes:", client.WriteCount()-last)
	// Output: writes: 1
}
