package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
)

// maxStdinMessage bounds a message read from standard input.
const maxStdinMessage = 1 << 20

func runSend(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("send", "[flags] TO [TEXT...]", "Send a chat message to TO: the TEXT arguments, or standard input when there are none")
	f.register(fs)
	receipt := fs.Bool("receipt", false, "ask for a delivery receipt (XEP-0184) and wait for it, up to -timeout")
	room := fs.String("muc", "", "send TEXT to this multi-user chat room (XEP-0045) instead: join it, send, leave; no TO then")
	nick := fs.String("nick", "", "the nick to join -muc with; empty means the account's localpart")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if *room != "" {
		return sendMUC(ctx, e, &f, *room, *nick, fs.Args())
	}
	if fs.NArg() < 1 {
		fmt.Fprintln(e.stderr, "xmpp send: missing TO (the address to send to)")
		return exitUsage
	}
	to, err := jid.Parse(fs.Arg(0))
	if err != nil {
		return e.fail("send", fmt.Errorf("TO %q: %w", fs.Arg(0), err))
	}
	body, err := messageText(e, fs.Args()[1:])
	if err != nil {
		return e.fail("send", err)
	}
	var h xmpp.Handler
	if *receipt {
		h = mux.New(receipts.Handler{}.Handle())
	}
	s, err := f.connect(ctx, e, h)
	if err != nil {
		return e.fail("send", err)
	}
	defer closeSession(s)
	sctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	m := message.Chat(to, body)
	if *receipt {
		return sendWithReceipt(sctx, e, s, m, f.timeout)
	}
	if err := s.Send(sctx, m); err != nil {
		return e.fail("send", err)
	}
	// The message is only known to be accepted once the server has closed
	// its stream cleanly: a stream error in answer (a policy violation, say)
	// means it may have been dropped.
	closeSession(s)
	if err := s.Err(); err != nil {
		return e.fail("send", fmt.Errorf("the server ended the stream with an error: %w", err))
	}
	return exitOK
}

// messageText joins the words given, or reads standard input.
func messageText(e *env, words []string) (string, error) {
	if len(words) > 0 {
		return strings.Join(words, " "), nil
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, maxStdinMessage+1))
	if err != nil {
		return "", fmt.Errorf("reading standard input: %w", err)
	}
	if len(b) > maxStdinMessage {
		return "", fmt.Errorf("the message on standard input is longer than %d bytes", maxStdinMessage)
	}
	text := strings.TrimRight(string(b), "\r\n")
	if text == "" {
		return "", errors.New("nothing to send: give TEXT or write it to standard input")
	}
	return text, nil
}

// sendWithReceipt sends m asking for a receipt and reports whether one came
// back within timeout. Its absence means the message may still have been
// delivered (XEP-0184 §5: the recipient may not support or want receipts).
func sendWithReceipt(ctx context.Context, e *env, s *xmpp.Session, m *message.Message, timeout time.Duration) int {
	err := receipts.SendWithReceipt(ctx, s, m)
	if errors.Is(err, context.DeadlineExceeded) {
		return e.fail("send", fmt.Errorf("no delivery receipt from %s within %s (-timeout); the message may still have been delivered", m.Header.To, timeout))
	}
	if err != nil {
		return e.fail("send", err)
	}
	fmt.Fprintf(e.stdout, "delivered: %s acknowledged message %s\n", m.Header.To, m.Header.ID)
	return exitOK
}
