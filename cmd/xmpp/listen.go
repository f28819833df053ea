package main

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/stanza"
)

func runListen(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	var sf stayFlags
	fs := newFlagSet("listen", "[flags] [-count N]", "Print each incoming message as FROM: BODY, chat states and corrections, until interrupted or N messages (it reconnects when the connection is lost)")
	f.register(fs)
	sf.register(fs)
	count := fs.Int("count", 0, "exit after `N` messages (0: run until interrupted)")
	anyReceipts := fs.Bool("receipts", false, "answer delivery receipt requests (XEP-0184) from anyone, telling them you are online; without it, only from your own account")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	ctx, enough := context.WithCancel(ctx)
	defer enough()
	seen := 0
	show := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.MessageType() == stanza.ErrorMessage {
			return nil
		}
		line, ok := messageLine(st)
		if line != "" {
			fmt.Fprintln(e.stdout, line)
		}
		if !ok {
			return nil
		}
		seen++
		return nil
	})
	// A receipt is sent once the message is printed (Next).
	answer := receipts.Handler{Next: show}
	if *anyReceipts {
		answer.Allow = func(jid.JID) bool { return true }
	}
	m := mux.New(answer.Handle(), mux.AnyMessage(xml.Name{}, show))
	// Counted after the whole route ran, so that the last message's
	// receipt is sent before listen exits.
	h := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		err := m.HandleXMPP(ctx, s, st)
		if *count > 0 && seen >= *count {
			enough() // Run closes the stream, after this reply
		}
		return err
	})
	return stay(ctx, e, "listen", &f, sf, h, func(ev client.Event) {
		if ev.Gap {
			fmt.Fprintf(e.stderr, "listening again as %s (messages sent meanwhile may be lost)\n", ev.Addr)
			return
		}
		fmt.Fprintf(e.stderr, "listening as %s\n", ev.Addr)
	})
}
