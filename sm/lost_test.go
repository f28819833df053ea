package sm_test

import (
	"encoding/xml"
	"errors"
	"slices"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// namesOf returns the bodies of the messages among els, and the name of
// every other stanza.
func namesOf(els []*xmlstream.Element) []string {
	var out []string
	for _, el := range els {
		if m, err := message.Parse(el); err == nil && m.Body("") != "" {
			out = append(out, m.Body(""))
		} else {
			out = append(out, "<"+el.Name().Local+">")
		}
	}
	return out
}

// TestUnreportedAndAbandon: what a stream did not get acknowledged is
// reported once, by Lost after a failed resumption or by Abandon when the
// client stops, with every receipt settled; what was sent with
// Unreported (a client's initial presence, which a new stream states
// afresh) is kept and counted but never reported.
func TestUnreportedAndAbandon(t *testing.T) {
	presence := xmlstream.EmptyElement{Name: xml.Name{Space: stanza.NSClient, Local: "presence"}}
	for _, tc := range []struct {
		name string
		c    sm.Config
		// report ends the stream's life in the Resumer and returns
		// what it reported.
		report func(t *testing.T, r *rig, res *sm.Resumer) []*xmlstream.Element
	}{
		{"abandoned", quiet, func(_ *testing.T, _ *rig, res *sm.Resumer) []*xmlstream.Element {
			return res.Abandon()
		}},
		{"not resumable", sm.Config{NoResume: true, AckEvery: -1, AckAfter: -1}, func(t *testing.T, r *rig, res *sm.Resumer) []*xmlstream.Element {
			cn := r.mustConnect("", xmpp.Config{}, append(res.Features(), xmpp.BindResource())...)
			if res.Resumed(cn.client) {
				t.Fatal("resumed a stream that was not resumable")
			}
			return res.Lost()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
			res := sm.NewResumer(tc.c)
			cn := r.mustConnect("", xmpp.Config{}, append(res.Features(), xmpp.BindResource())...)
			ctx := ctx5(t)
			if _, err := sm.WaitEnabled(ctx, cn.client); err != nil {
				t.Fatal(err)
			}
			if res.Resumed(cn.client) {
				t.Fatal("first session resumed")
			}
			if err := cn.client.Send(ctx, sm.Unreported(presence)); err != nil {
				t.Fatal(err)
			}
			var receipts []*sm.Receipt
			for _, m := range []xmlstream.Marshaler{sm.Unreported(presence), msg(1)} {
				rc, err := sm.Send(ctx, cn.client, m)
				if err != nil {
					t.Fatal(err)
				}
				receipts = append(receipts, rc)
			}
			if err := cn.client.Send(ctx, msg(2)); err != nil {
				t.Fatal(err)
			}
			if _, out, _, _ := sm.Counts(cn.client); out != 4 {
				t.Errorf("counted %d stanzas sent, want 4", out)
			}
			cn.kill(t)
			if got := namesOf(tc.report(t, r, res)); !slices.Equal(got, []string{"1", "2"}) {
				t.Errorf("reported %q, want [1 2]", got)
			}
			for i, rc := range receipts {
				if err := rc.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
					t.Errorf("receipt %d: %v", i, err)
				}
			}
			if again := append(res.Lost(), res.Abandon()...); len(again) != 0 {
				t.Errorf("reported again: %q", namesOf(again))
			}
		})
	}
}

// TestAbandonStartsAfresh: after Abandon, the next attempt does not try
// to resume the abandoned stream.
func TestAbandonStartsAfresh(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	res := sm.NewResumer(quiet)
	cn := r.mustConnect("", xmpp.Config{}, append(res.Features(), xmpp.BindResource())...)
	if _, err := sm.WaitEnabled(ctx5(t), cn.client); err != nil {
		t.Fatal(err)
	}
	res.Resumed(cn.client)
	cn.kill(t)
	res.Abandon()
	if fs := res.Features(); len(fs) != 1 {
		t.Errorf("%d features after Abandon, want only enabling", len(fs))
	}
}

// TestFlush: Flush waits until the peer acknowledged everything sent so
// far, and refuses a session without stream management.
func TestFlush(t *testing.T) {
	r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	ctx := ctx5(t)
	cn := r.enabled(quiet, xmpp.Config{})
	if err := sm.Flush(ctx, cn.client); err != nil {
		t.Errorf("Flush with nothing sent: %v", err)
	}
	var receipts []*sm.Receipt
	for i := range 3 {
		rc, err := sm.Send(ctx, cn.client, msg(i))
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, rc)
	}
	if err := sm.Flush(ctx, cn.client); err != nil {
		t.Fatal(err)
	}
	if _, out, acked, _ := sm.Counts(cn.client); out != 3 || acked != 3 {
		t.Errorf("after Flush: %d sent, %d acknowledged", out, acked)
	}
	for i, rc := range receipts {
		if err := rc.Wait(ctx); err != nil {
			t.Errorf("receipt %d: %v", i, err)
		}
	}
	plain := r.mustConnect("romeo", xmpp.Config{}, xmpp.BindResource())
	if err := sm.Flush(ctx, plain.client); !errors.Is(err, sm.ErrNotEnabled) {
		t.Errorf("Flush without stream management: %v", err)
	}
}
