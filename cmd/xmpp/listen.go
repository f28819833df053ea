package main

import (
	"context"
	"encoding/xml"
	"fmt"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/stanza"
)

func runListen(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("listen", "[flags] [-count N]", "Print each incoming message as FROM: BODY, chat states and corrections, until interrupted or N messages")
	f.register(fs)
	count := fs.Int("count", 0, "exit after `N` messages (0: run until interrupted)")
	anyReceipts := fs.Bool("receipts", false, "answer delivery receipt requests (XEP-0184) from anyone, telling them you are online; without it, only from your own account")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	enough := make(chan struct{})
	var once sync.Once
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
			once.Do(func() { close(enough) })
		}
		return err
	})
	s, err := f.connect(ctx, e, h)
	if err != nil {
		return e.fail("listen", err)
	}
	defer closeSession(s)
	if err := s.Send(ctx, available); err != nil {
		return e.fail("listen", err)
	}
	fmt.Fprintf(e.stderr, "listening as %s\n", s.LocalAddr())
	select {
	case <-enough:
	case <-ctx.Done():
	case <-s.Done():
		return e.fail("listen", fmt.Errorf("the server ended the session: %v", s.Err()))
	}
	return exitOK
}
