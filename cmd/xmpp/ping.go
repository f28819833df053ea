package main

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
)

func runPing(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("ping", "[flags] [TARGET]", "Ping TARGET (XEP-0199; default: your server) and print the round-trip time")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("ping", err)
	}
	defer closeSession(s)
	target := s.LocalAddr().Domain()
	if fs.NArg() > 0 {
		if target, err = jid.Parse(fs.Arg(0)); err != nil {
			return e.fail("ping", fmt.Errorf("TARGET %q: %w", fs.Arg(0), err))
		}
	}
	pctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	rtt, err := ping.Send(pctx, s, target)
	if err != nil {
		return e.fail("ping", describeStanzaError(err, target))
	}
	fmt.Fprintf(e.stdout, "pong from %s in %s\n", target, roundTrip(rtt))
	return exitOK
}

// roundTrip formats a duration to a precision people read.
func roundTrip(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}
