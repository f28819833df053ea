package muc_test

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const svcDomain = "conference.localhost"

// svcHarness is a Service on the component side of a XEP-0114 session,
// and a scripted router on the other side that injects stanzas from users
// and records what the service sends, by recipient.
type svcHarness struct {
	tb     testing.TB
	svc    *muc.Service
	router *xmpp.Session
	comp   *xmpp.Session // the service's side

	mu    sync.Mutex
	inbox map[string][]*xmlstream.Element // by 'to'
	sink  func(st *xmpp.Stanza) bool      // optional: takes a stanza before the inbox
}

func newSvcHarness(tb testing.TB, cfg muc.ServiceConfig) *svcHarness {
	tb.Helper()
	h := &svcHarness{tb: tb, svc: muc.NewService(cfg), inbox: make(map[string][]*xmlstream.Element)}
	h.router, h.comp = componentPair(tb, h.svc, xmpp.HandlerFunc(h.record))
	return h
}

// componentPair connects a component session whose handler is svc to a
// router session whose handler is router, and closes both at cleanup.
func componentPair(tb testing.TB, svc, router xmpp.Handler) (routerSide, compSide *xmpp.Session) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, b := net.Pipe()
	domain := jid.MustParse(svcDomain)
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := component.Receive(ctx, b, xmpp.Config{Handler: router, DeliverStrayIQResponses: true}, func(d jid.JID) (string, bool) { return "secret", d == domain })
		done <- result{s, err}
	}()
	comp, err := component.NewSession(ctx, domain, "secret", a, xmpp.Config{Handler: svc})
	r := <-done
	if err != nil || r.err != nil {
		tb.Fatalf("component pair: %v, %v", err, r.err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = r.s.Close(ctx)
		_ = comp.Close(ctx)
	})
	return r.s, comp
}

func (h *svcHarness) record(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sink != nil && h.sink(st) {
		return nil
	}
	to := st.Header.To.String()
	h.inbox[to] = append(h.inbox[to], st.Element.Clone())
	return nil
}

// send injects raw (in the component namespace) as the router would.
func (h *svcHarness) send(raw string) {
	h.tb.Helper()
	el := xmpptest.ElementIn(h.tb, stanza.NSComponent, raw)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if el.Name().Local == "iq" && (el.Attr("type") == "get" || el.Attr("type") == "set") {
		h.sendIQ(ctx, el)
		return
	}
	if err := h.router.Send(ctx, el); err != nil {
		h.tb.Fatal(err)
	}
}

// sendIQ sends a request through SendIQ, which takes the response away
// from the handler, and files the response in the sender's inbox after
// whatever the service sent before it.
func (h *svcHarness) sendIQ(ctx context.Context, el *xmlstream.Element) {
	h.tb.Helper()
	hdr, err := stanza.ParseHeader(el)
	if err != nil {
		h.tb.Fatal(err)
	}
	var payload xmlstream.Marshaler
	for c := range el.Children() {
		payload = c
		break
	}
	resp, err := h.router.SendIQ(ctx, hdr.IQ(), payload)
	if resp == nil {
		h.tb.Fatalf("no response to %s: %v", dump([]*xmlstream.Element{el}), err)
	}
	h.sync()
	h.mu.Lock()
	h.inbox[hdr.From.String()] = append(h.inbox[hdr.From.String()], resp)
	h.mu.Unlock()
}

var syncN atomic.Int64

// sync waits until the service has handled everything sent before: it
// bounces a message to its domain only after what came earlier, and sends
// in order. (An IQ would do, but the router session keeps IQ results for
// its own requests.)
func (h *svcHarness) sync() { h.syncTB(h.tb) }

func (h *svcHarness) syncTB(tb testing.TB) {
	tb.Helper()
	id := "sync" + strconv.FormatInt(syncN.Add(1), 10)
	el := xmpptest.ElementIn(tb, stanza.NSComponent, `<message id='`+id+`' from='sync@localhost/s' to='`+svcDomain+`'/>`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.router.Send(ctx, el); err != nil {
		tb.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		for i, el := range h.inbox["sync@localhost/s"] {
			if el.Attr("id") == id {
				h.inbox["sync@localhost/s"] = h.inbox["sync@localhost/s"][i+1:]
				h.mu.Unlock()
				return
			}
		}
		h.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	tb.Fatal("the service did not answer the sync message")
}

// take returns and forgets what the service sent to to so far.
func (h *svcHarness) take(to string) []*xmlstream.Element {
	h.tb.Helper()
	h.sync()
	h.mu.Lock()
	defer h.mu.Unlock()
	got := h.inbox[to]
	delete(h.inbox, to)
	return got
}

// clear forgets everything received.
func (h *svcHarness) clear() {
	h.sync()
	h.mu.Lock()
	clear(h.inbox)
	h.mu.Unlock()
}

func (h *svcHarness) join(user, room, nick string, x string) {
	h.tb.Helper()
	if x == "" {
		x = "<x xmlns='http://jabber.org/protocol/muc'/>"
	}
	h.send(fmt.Sprintf(`<presence from='%s' to='%s@%s/%s'>%s</presence>`, user, room, svcDomain, nick, x))
}

// create makes an unlocked room owned by user, joined as nick, with the
// configuration fields given (var=value pairs), and forgets the traffic.
func (h *svcHarness) create(user, room, nick string, fields ...string) {
	h.tb.Helper()
	h.join(user, room, nick, "")
	var b strings.Builder
	for i := 0; i+1 < len(fields); i += 2 {
		fmt.Fprintf(&b, "<field var='%s'><value>%s</value></field>", fields[i], fields[i+1])
	}
	h.send(fmt.Sprintf(`<iq type='set' id='cfg' from='%s' to='%s@%s'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>%s</x></query></iq>`,
		user, room, svcDomain, b.String()))
	got := h.take(user)
	if len(got) == 0 || got[len(got)-1].Attr("type") != "result" {
		h.tb.Fatalf("configuring %s: %s", room, dump(got))
	}
	h.clear()
}

// statuses returns the muc#user status codes of el.
func statuses(el *xmlstream.Element) []int {
	x, ok := el.Child(muc.NSUser, "x")
	if !ok {
		return nil
	}
	u, err := muc.ParseUser(x)
	if err != nil {
		return nil
	}
	return u.Status
}

// user returns the muc#user payload of el.
func userOf(tb testing.TB, el *xmlstream.Element) muc.User {
	tb.Helper()
	x, ok := el.Child(muc.NSUser, "x")
	if !ok {
		tb.Fatalf("no muc#user in %s", dump([]*xmlstream.Element{el}))
	}
	u, err := muc.ParseUser(x)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// condition returns the stanza error condition of el, or "".
func condition(el *xmlstream.Element) string {
	e, ok := el.Child(el.Name().Space, "error")
	if !ok {
		return ""
	}
	se, err := stanza.ParseError(e)
	if err != nil {
		return "unparsable"
	}
	return string(se.Condition)
}

func dump(els []*xmlstream.Element) string {
	var b strings.Builder
	for _, el := range els {
		s, _ := xmpptest.MarshalString(stanza.NSComponent, el)
		b.WriteString(s)
		b.WriteString("\n")
	}
	return b.String()
}

// summary describes each stanza as kind:from:type:codes or kind:from:error-condition.
func summary(els []*xmlstream.Element) []string {
	var out []string
	for _, el := range els {
		s := el.Name().Local + " " + el.Attr("from")
		if t := el.Attr("type"); t != "" {
			s += " " + t
		}
		if c := condition(el); c != "" {
			s += " " + c
		}
		for _, c := range statuses(el) {
			s += " " + strconv.Itoa(c)
		}
		out = append(out, s)
	}
	return out
}

// benchGroupchat resets b's timer and sends b.N messages, taking turns
// through msgs, from the component session; it returns the time taken
// until each has reached perMessage occupants.
func (h *svcHarness) benchGroupchat(b *testing.B, msgs []*xmlstream.Element, perMessage int) time.Duration {
	var delivered atomic.Int64
	h.mu.Lock()
	h.sink = func(st *xmpp.Stanza) bool {
		if st.Header.Type == string(stanza.GroupChatMessage) {
			delivered.Add(1)
			return true
		}
		return false
	}
	h.mu.Unlock()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if err := h.router.Send(b.Context(), msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
	want := int64(b.N) * int64(perMessage)
	for delivered.Load() < want {
		if time.Since(start) > time.Minute {
			b.Fatalf("delivered %d of %d", delivered.Load(), want)
		}
		time.Sleep(100 * time.Microsecond)
	}
	return time.Since(start)
}
