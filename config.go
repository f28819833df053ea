package xmpp

import (
	"crypto/x509"
	"io"
	"log/slog"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
)

// Config holds a session's options. It is copied when a session starts and
// never mutated; the zero value is a secure client-stream configuration.
type Config struct {
	// Handler receives the stanzas and other top-level elements the peer
	// sends after negotiation, except IQ responses (result and error): a
	// response that a [Session.SendIQ] call waits for goes to that call,
	// and the others are dropped unless DeliverStrayIQResponses is set.
	// Nil answers IQ get/set requests with service-unavailable and drops
	// everything else.
	Handler Handler

	// DeliverStrayIQResponses passes the IQ responses that no SendIQ waits
	// for to the Handler instead of dropping them: responses to requests
	// that timed out or were never sent, and responses whose id matches a
	// waiting request but whose sender does not. Servers and components
	// that route IQs between other entities set it; a client leaves it
	// off. The Handler must never answer a response (RFC 6120 §8.2.3).
	DeliverStrayIQResponses bool

	// Logger receives the session's diagnostics. Nil discards them.
	Logger *slog.Logger

	// RawLog, if non-nil, receives the raw XML read and written, for a
	// person debugging: every chunk as lines that begin with the
	// connection's number in this process and the direction ("C3 <- " read
	// from the peer, "C3 -> " written to it), with a line break between
	// elements. Each chunk is one Write, so sessions may share a writer that
	// is safe for concurrent use. It sees passwords in PLAIN exchanges:
	// never log it in production. FAST tokens (XEP-0484) are the exception:
	// they are shown as [redacted].
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

	// ServedCertificate is, on the receiving side of a transport that was
	// already TLS when the session began (direct TLS, WebSocket over
	// https), the leaf certificate this side presented there. SASL's
	// tls-server-end-point channel binding (RFC 5929) hashes it; nil leaves
	// that type out. After STARTTLS the session knows the certificate it
	// served and this field is not used.
	ServedCertificate *x509.Certificate

	// OnEnd, if not nil, is called once when the stream has ended, after
	// [Session.Done] is closed and after the handler has been given every
	// stanza received before the end (so what a peer sent just before its
	// closing tag is handled first) and every handler has returned, right
	// after [Session.Handled] is closed, on a goroutine of the session's. It
	// lets a server clean up after a session without a goroutine parked on
	// Done for the session's life (about 8 KiB of stack per idle session).
	// It must not block for long. It is never called for a session whose
	// negotiation failed.
	OnEnd func(*Session)

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

// discardLogger is the Logger of sessions configured without one.
var discardLogger = slog.New(slog.DiscardHandler)

// withDefaults returns a copy of c with zero fields replaced by defaults.
func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = discardLogger // one for all sessions
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
