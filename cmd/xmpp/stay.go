package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/internal/syncio"
	"github.com/canto-im/xmpp/websocket"
)

// stayFlags are the flags of the commands that stay online (listen, echo).
type stayFlags struct {
	keepAlive, giveUpAfter time.Duration
	whitespace             time.Duration
}

func (sf *stayFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&sf.keepAlive, "keepalive", client.DefaultKeepAlive,
		"ping the server every `D` (XEP-0199) and reconnect when a ping goes unanswered for -timeout (0: no pings)")
	fs.DurationVar(&sf.whitespace, "whitespace", 0,
		"write a single space when the stream was idle for `D` (RFC 6120 whitespace keepalive, for NATs that drop idle connections; 0: none)")
	fs.DurationVar(&sf.giveUpAfter, "give-up-after", 0,
		"stop reconnecting after `D` offline (0: keep trying until interrupted)")
}

// stay logs in as the flags say and stays online, reconnecting when the
// connection is lost, until ctx ends (exit 0) or the client gives up. The
// first connection is not retried: its error is reported as connect's
// would be. online runs on each new session, the first and the later ones.
func stay(ctx context.Context, e *env, name string, f *clientFlags, sf stayFlags, h xmpp.Handler, online func(client.Event)) int {
	cfg, err := f.clientConfig(e, sf, h)
	if err != nil {
		return e.fail(name, err)
	}
	addr, _ := f.address() // checked by clientConfig
	c, err := client.New(addr, cfg)
	if err != nil {
		return e.fail(name, err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var lastCause error
	for ev := range c.Events() {
		switch {
		case ev.State == client.Online || ev.State == client.Resumed:
			online(ev)
		case ev.State == client.GaveUp:
			lastCause = ev.Cause
		case ev.State != client.Offline:
		case ev.Redirect != "":
			fmt.Fprintf(e.stderr, "xmpp %s: redirected to %s\n", name, ev.Redirect)
		case ev.Attempt == 0 && ev.Retry > 0:
			fmt.Fprintf(e.stderr, "xmpp %s: connection lost (%s); reconnecting in %s\n", name, causeText(ev.Cause), ev.Retry.Round(time.Millisecond))
		case ev.Attempt == 0:
			fmt.Fprintf(e.stderr, "xmpp %s: connection lost (%s); reconnecting\n", name, causeText(ev.Cause))
		default:
			fmt.Fprintf(e.stderr, "xmpp %s: attempt %d failed (%s); next in %s\n", name, ev.Attempt, causeText(ev.Cause), ev.Retry.Round(time.Millisecond))
		}
	}
	err = <-done
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, client.ErrGaveUp):
		return e.fail(name, fmt.Errorf("gave up after %s offline: %v", sf.giveUpAfter, describe(lastCause, addr, f)))
	}
	return e.fail(name, describe(err, addr, f))
}

// causeText describes why a connection ended; nil is a clean close.
func causeText(err error) string {
	if err == nil {
		return "the server closed the stream"
	}
	return err.Error()
}

// clientConfig is the client.Config the flags ask for.
func (f *clientFlags) clientConfig(e *env, sf stayFlags, h xmpp.Handler) (client.Config, error) {
	if f.websocket != "" && (f.server != "" || f.directTLS) {
		return client.Config{}, errWebSocketAlone
	}
	if _, err := f.address(); err != nil {
		return client.Config{}, err
	}
	password, err := f.secret(e)
	if err != nil {
		return client.Config{}, err
	}
	tlsCfg, err := f.tlsConfig()
	if err != nil {
		return client.Config{}, err
	}
	cfg := client.Config{
		Password:         password,
		Handler:          h,
		Dial:             dial.Dialer{TLSConfig: tlsCfg, Address: f.server, DirectTLS: f.directTLS},
		ConnectTimeout:   f.timeout,
		KeepAlive:        sf.keepAlive,
		KeepAliveTimeout: f.timeout,
		Whitespace:       sf.whitespace,
		MaxOffline:       sf.giveUpAfter,
		FailFast:         true,
	}
	if sf.keepAlive <= 0 {
		cfg.KeepAlive = -1
	}
	if f.websocket != "" {
		cfg.WebSocket = &websocket.Dialer{URL: f.websocket, TLSConfig: tlsCfg}
	}
	if f.verbose {
		// The sessions write it from their reading and writing goroutines.
		cfg.Session.RawLog = syncio.NewWriter(e.stderr)
	}
	return cfg, nil
}
