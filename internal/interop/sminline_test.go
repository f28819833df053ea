package interop

import (
	"context"
	"crypto/tls"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestClientSASL2ResumesUnderDrops: a reconnecting client configured for
// SASL2, Bind 2 and FAST (Config.SASL2) sends numbered messages while its
// connection is cut. The embedded server offers stream management inline:
// the client enables it in Bind 2 and resumes inside authentication;
// Prosody and ejabberd do not offer SASL2, and the client falls back to
// RFC 6120 and the post-binding forms. Every message arrives either way.
func TestClientSASL2ResumesUnderDrops(t *testing.T) {
	const messages, cuts = 100, 5
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		received := &bodyLog{}
		bob, err := client.New(jid.MustParse("bob@"+domain+"/inline"), client.Config{
			Password: srv.accounts["bob"],
			Handler:  received,
			Dial:     dial.Dialer{Address: addr(srv.ports.c2s), TLSConfig: &tls.Config{RootCAs: pki.roots}},
		})
		if err != nil {
			t.Fatal(err)
		}
		dialer := &cuttable{}
		alice, err := client.New(jid.MustParse("alice@"+domain), client.Config{
			Password: srv.accounts["alice"],
			SASL2: &client.SASL2{
				UserAgent: xmpp.UserAgent{ID: "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f", Software: "Canto interop"},
				FAST:      xmpp.NewMemoryFASTClientStore(),
				Tag:       "inline",
			},
			Dial:       dial.Dialer{Address: addr(srv.ports.c2s), TLSConfig: &tls.Config{RootCAs: pki.roots}, NetDialer: dialer},
			KeepAlive:  -1,
			MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond,
			OnLost: func(l []*xmlstream.Element) { t.Errorf("%d stanzas reported lost", len(l)) },
		})
		if err != nil {
			t.Fatal(err)
		}
		var resumed atomic.Int32
		done := make(chan struct{}, 3)
		go func() { _ = bob.Run(ctx); done <- struct{}{} }()
		go func() { _ = alice.Run(ctx); done <- struct{}{} }()
		go func() {
			for ev := range alice.Events() {
				if ev.State == client.Resumed {
					resumed.Add(1)
				}
			}
			done <- struct{}{}
		}()
		defer func() { cancel(); <-done; <-done; <-done }()
		for _, c := range []*client.Client{alice, bob} {
			if _, err := c.Session(ctx); err != nil {
				t.Fatal(err)
			}
		}
		to := jid.MustParse("bob@" + domain + "/inline")
		for i := 1; i <= messages; i++ {
			for alice.Send(ctx, message.Chat(to, strconv.Itoa(i))) != nil {
				if _, err := alice.Session(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if i%(messages/cuts) == 0 && i < messages {
				dialer.cut()
			}
			time.Sleep(time.Millisecond)
		}
		got := waitDistinct(received, messages)
		var want []string
		for i := 1; i <= messages; i++ {
			want = append(want, strconv.Itoa(i))
		}
		distinct := map[string]bool{}
		for _, b := range got {
			distinct[b] = true
		}
		missing := 0
		for _, w := range want {
			if !distinct[w] {
				missing++
			}
		}
		// ejabberd may deliver a message twice around a cut (see
		// TestClientResumesUnderDrops); only the embedded server is held
		// to exactly once, in order.
		t.Logf("%s: %d messages, %d distinct, %d missing; resumed %d times", srv.name, len(got), len(distinct), missing, resumed.Load())
		if missing > 0 {
			t.Errorf("%d messages lost", missing)
		}
		s, err := alice.Session(ctx)
		if err != nil {
			t.Fatal(err)
		}
		info, usedSASL2 := xmpp.SASL2Of(s)
		if usedSASL2 != (srv == canto) {
			t.Errorf("SASL2 used %v on %s", usedSASL2, srv.name)
		}
		if srv == canto {
			if !slices.Equal(got, want) {
				t.Errorf("received %v, want each once, in order", got)
			}
			if resumed.Load() == 0 {
				t.Error("never resumed")
			}
			if !info.FAST || !info.Pipelined {
				t.Errorf("latest login %+v, want FAST pipelined with the stream header", info)
			}
			if sm.IsResumed(s) && !slices.Contains(info.Inline, sm.NS) {
				t.Errorf("resumed without the inline form: %+v", info)
			}
		}
	})
}
