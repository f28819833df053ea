package xmpp_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// latest is a Sender that keeps a copy of the last message sent, as
// stream management keeps every stanza until it is acknowledged: the
// copy it lets go is marked done, so that its storage is reused.
type latest struct {
	mu     sync.Mutex
	copies xmpp.Copies
	last   xmpp.Held
	kept   bool
}

var latestKey = xmpp.NewExtensionKey[*latest]("latest")

func (l *latest) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	if k, ok := o.Stanza(); !ok || k != stanza.KindMessage {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.kept {
		l.copies.Done(&l.last) // nothing refers to it any more
	}
	o.CopyTo(&l.copies, &l.last)
	l.kept = true
}

// take hands the last copy out: from now on nothing of l.copies is
// reused, and the copy stays as it is for as long as the caller keeps it.
func (l *latest) take() (xmpp.Held, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.copies.Disown()
	return l.last, l.kept
}

// latestFeature attaches l on the initiating side once bound.
type latestFeature struct {
	hooksFeature
	l *latest
}

func (f latestFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	latestKey.Attach(n, f.l)
	return xmpp.FeatureResult{}, nil
}

func ExampleCopies() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l := new(latest)
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		ClientFeatures: []xmpp.StreamFeature{latestFeature{l: l}},
		ServerFeatures: []xmpp.StreamFeature{countFeature{}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	for _, id := range []string{"m1", "m2", "m3"} {
		_ = client.Send(ctx, xmlstream.MarshalerFunc(stanza.Message{ID: id, Type: stanza.ChatMessage}.WriteEmpty))
	}
	h, _ := l.take()
	el, err := h.Element()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(el.Name().Local, el.Attr("id"))
	// Output:
	// message m3
}
