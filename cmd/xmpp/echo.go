package main

import (
	"context"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

func runEcho(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	var sf stayFlags
	fs := newFlagSet("echo", "[flags]", "Run an echo bot: it sends every message back, and answers ping, disco#info, version and time queries, until interrupted (it reconnects when the connection is lost)")
	f.register(fs)
	sf.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	h := mux.New(mux.AnyMessage(xml.Name{}, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		return echoMessage(ctx, e, s, st)
	})), botServices())
	return stay(ctx, e, "echo", &f, sf, h, func(ev client.Event) {
		if ev.Gap {
			fmt.Fprintf(e.stdout, "echo bot back online as %s (messages sent meanwhile may be lost)\n", ev.Addr)
			return
		}
		fmt.Fprintf(e.stdout, "echo bot online as %s\n", ev.Addr)
	})
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
