package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestStreamLimits: the server advertises the element size it enforces
// (before and after authentication) and its idle time; the client records
// them and keeps the stream alive.
func TestStreamLimits(t *testing.T) {
	w := newFastWorld(t)
	var slog xmpptest.LogBuffer
	server := append(w.serverFeatures(nil), xmpp.StreamLimits(time.Second))
	client := append(w.clientFeatures("secret", nil), xmpp.StreamLimits(0))
	scfg := xmpp.Config{RawLog: &slog, PreAuthMaxBytes: 10000}
	scfg.Limits.MaxElementBytes = 123456
	r := connectTLS(t, w.env, jid.MustParse("juliet@example.net"), client, server, xmpp.Config{}, scfg)
	must(t, r.err)
	if !strings.Contains(slog.String(), "<max-bytes>10000</max-bytes>") {
		t.Error("the pre-authentication limit was not advertised")
	}
	l, ok := xmpp.PeerLimitsOf(r.client)
	if !ok || l.MaxBytes != 123456 || l.Idle != time.Second {
		t.Fatalf("client recorded %+v, %v", l, ok)
	}
	// An element over the server's limit is refused before it leaves; the
	// stream goes on.
	ctx := context.Background()
	big := stanza.Message{To: jid.MustParse("romeo@example.net"), Type: stanza.ChatMessage}.Wrap(xmlstream.TextElement{Name: xml.Name{Local: "body"}, Text: strings.Repeat("x", 130000)})
	if err := r.client.Send(ctx, big); !errors.Is(err, xmpp.ErrPeerLimit) {
		t.Errorf("oversized message: %v, want ErrPeerLimit", err)
	}
	small := stanza.Message{To: jid.MustParse("romeo@example.net"), Type: stanza.ChatMessage}.Wrap(xmlstream.TextElement{Name: xml.Name{Local: "body"}, Text: "hi"})
	must(t, r.client.Send(ctx, small))
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(slog.String(), `<- " "`) {
		if time.Now().After(deadline) {
			t.Fatal("no keepalive within the idle time")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBadInput_StreamLimits(t *testing.T) {
	for _, raw := range []string{
		`<limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>-1</max-bytes></limits>`,
		`<limits xmlns='urn:xmpp:stream-limits:0'><max-bytes>lots</max-bytes></limits>`,
		`<limits xmlns='urn:xmpp:stream-limits:0'><idle-seconds>0</idle-seconds></limits>`,
		`<limits xmlns='urn:xmpp:stream-limits:0'><idle-seconds>99999999999999999999</idle-seconds></limits>`,
	} {
		if _, err := xmpp.ParsePeerLimits(xmpptest.Element(t, raw)); err == nil {
			t.Errorf("%s accepted", raw)
		}
	}
	l, err := xmpp.ParsePeerLimits(xmpptest.Element(t, `<limits xmlns='urn:xmpp:stream-limits:0'/>`))
	if err != nil || l != (xmpp.PeerLimits{}) {
		t.Errorf("empty limits: %+v, %v", l, err)
	}
}
