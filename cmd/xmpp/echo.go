package main

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

func runEcho(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("echo", "[flags]", "Run an echo bot: it sends every message back, and answers ping, disco#info, version and time queries, until interrupted")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	h := mux.New(mux.AnyMessage(xml.Name{}, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		return echoMessage(ctx, e, s, st)
	})), botServices())
	s, err := f.connect(ctx, e, h)
	if err != nil {
		return e.fail("echo", err)
	}
	defer closeSession(s)
	if err := s.Send(ctx, available); err != nil {
		return e.fail("echo", err)
	}
	fmt.Fprintf(e.stdout, "echo bot online as %s\n", s.LocalAddr())
	select {
	case <-ctx.Done():
		return exitOK
	case <-s.Done():
		return e.fail("echo", fmt.Errorf("the server ended the session: %v", s.Err()))
	}
}

// echoMessage sends a message's body back to its sender. Errors and
// group chat messages are not answered, so two bots cannot loop.
func echoMessage(ctx context.Context, e *env, s *xmpp.Session, st *xmpp.Stanza) error {
	m, err := message.Parse(st.Element)
	typ := st.Header.MessageType()
	if err != nil || len(m.Bodies) == 0 || typ == stanza.ErrorMessage || typ == stanza.GroupChatMessage || st.Header.From.IsZero() {
		return nil
	}
	body := m.Body("")
	fmt.Fprintf(e.stdout, "%s: %s\n", st.Header.From, body)
	return s.Send(ctx, m.Reply(body))
}
