package main

import (
	"context"
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
)

// sendMUC joins room as nick, sends the text as a groupchat message and
// leaves, all within -timeout.
func sendMUC(ctx context.Context, e *env, f *clientFlags, room, nick string, words []string) int {
	addr, err := jid.Parse(room)
	if err != nil || addr.Localpart() == "" || addr.Resourcepart() != "" {
		return e.fail("send", fmt.Errorf("-muc %q: not a room's bare JID (room@service)", room))
	}
	body, err := messageText(e, words)
	if err != nil {
		return e.fail("send", err)
	}
	c := muc.NewClient(muc.Config{})
	s, err := f.connect(ctx, e, mux.New(c.Handle()))
	if err != nil {
		return e.fail("send", err)
	}
	defer closeSession(s)
	if nick == "" {
		nick = s.LocalAddr().Localpart()
	}
	sctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	r, err := c.Join(sctx, s, addr, nick, muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
	if err != nil {
		return e.fail("send", fmt.Errorf("joining %s: %w", addr, err))
	}
	if err := r.Send(sctx, body); err != nil {
		return e.fail("send", err)
	}
	if err := r.Leave(sctx, ""); err != nil {
		return e.fail("send", fmt.Errorf("leaving %s: %w", addr, err))
	}
	closeSession(s)
	if err := s.Err(); err != nil {
		return e.fail("send", fmt.Errorf("the server ended the stream with an error: %w", err))
	}
	return exitOK
}
