package xmpp

import (
	"io"
	"log/slog"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Config holds a session's options. It is copied when a session starts and
// never mutated; the zero value is a secure client-stream configuration.
type Config struct {
	// Handler receives the stanzas and other top-level elements the peer
	// sends after negotiation, except the IQ responses that [Session.SendIQ]
	// waits for. Nil answers IQ get/set requests with service-unavailable
	// and drops everything else.
	Handler Handler

	// Logger receives the session's diagnostics. Nil discards them.
	Logger *slog.Logger

	// RawLog, if non-nil, receives a copy of every byte read and written, for
	// debugging; the session serialises its writes. It sees passwords in
	// PLAIN exchanges: never log it in production.
	RawLog io.Writer

	// Limits bound what the peer can make the session hold once it is
	// authenticated. Zero fields take xmlstream's defaults.
	Limits xmlstream.Limits

	// PreAuthMaxBytes bounds one element before the peer is authenticated.
	// Zero means 64 KiB.
	PreAuthMaxBytes int

	// HandlerQueue is how many received stanzas may wait for the handler
	// before the session stops reading (back-pressure). Zero means 64.
	HandlerQueue int

	// StanzaTimeout bounds how long the peer may take to send one
	// top-level element once the stream is negotiated, from its first
	// byte to its last; past it the stream ends with connection-timeout
	// (RFC 6120 §4.9.3.4). White space between elements does not count.
	// It stops a peer that keeps an element open by trickling bytes. Zero
	// means no bound (negotiation has its own deadline, the context of
	// the call that negotiates).
	StanzaTimeout time.Duration

	// Lang is the default language of the stream (xml:lang). Empty means "en".
	Lang string

	// NS is the stream's content namespace. Empty means jabber:client.
	NS string

	// WebSocket selects the RFC 7395 framing: <open/> and <close/> instead
	// of the stream element, one complete element per WebSocket message, no
	// STARTTLS. The websocket package sets it; the transport must deliver
	// and accept whole elements.
	WebSocket bool

	// InsecureAssumeSecure treats the transport as confidential although it
	// is not TLS: STARTTLS is not required and PLAIN may be used. Set it only
	// for transports secured by other means (an in-process pipe, a Unix
	// socket, TLS terminated by a trusted proxy).
	InsecureAssumeSecure bool
}

const (
	defaultPreAuthMaxBytes = 64 << 10
	defaultHandlerQueue    = 64
)

// withDefaults returns a copy of c with zero fields replaced by defaults.
func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.PreAuthMaxBytes == 0 {
		c.PreAuthMaxBytes = defaultPreAuthMaxBytes
	}
	if c.HandlerQueue <= 0 {
		c.HandlerQueue = defaultHandlerQueue
	}
	if c.Lang == "" {
		c.Lang = "en"
	}
	if c.NS == "" {
		c.NS = stanza.NSClient
	}
	c.Limits = withLimitDefaults(c.Limits)
	return c
}

func withLimitDefaults(l xmlstream.Limits) xmlstream.Limits {
	d := xmlstream.DefaultLimits()
	if l.MaxElementBytes == 0 {
		l.MaxElementBytes = d.MaxElementBytes
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxAttrs == 0 {
		l.MaxAttrs = d.MaxAttrs
	}
	if l.MaxNameBytes == 0 {
		l.MaxNameBytes = d.MaxNameBytes
	}
	if l.MaxAttrValueBytes == 0 {
		l.MaxAttrValueBytes = d.MaxAttrValueBytes
	}
	return l
}

// preAuthLimits are the limits before the peer authenticated.
func (c *Config) preAuthLimits() xmlstream.Limits {
	l := c.Limits
	l.MaxElementBytes = min(l.MaxElementBytes, c.PreAuthMaxBytes)
	return l
}
