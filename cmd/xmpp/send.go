package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
)

// maxStdinMessage bounds a message read from standard input.
const maxStdinMessage = 1 << 20

func runSend(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("send", "[flags] TO [TEXT...]", "Send a chat message to TO: the TEXT arguments, or standard input when there are none")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
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
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("send", err)
	}
	defer closeSession(s)
	sctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := s.Send(sctx, message.Chat(to, body)); err != nil {
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
