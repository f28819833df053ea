package client

import (
	"log/slog"
	"slices"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/websocket"
	"github.com/canto-im/xmpp/xmlstream"
)

// Defaults for the zero values of Config's fields.
const (
	DefaultKeepAlive        = 60 * time.Second
	DefaultKeepAliveTimeout = 30 * time.Second
	DefaultConnectTimeout   = 30 * time.Second
	DefaultMinBackoff       = time.Second
	DefaultMaxBackoff       = 5 * time.Minute
	DefaultMaxRedirects     = 5
)

// Config configures a Client. New copies it; the Client never modifies it
// or what it points to.
type Config struct {
	// Password authenticates the account with SASL (the strongest
	// mechanism both sides allow, as [xmpp.SASL] chooses).
	Password string

	// SASL2, if not nil, logs in with SASL2 and Bind 2 when the server
	// offers them (see [SASL2]), with stream management inline. Nil
	// logs in with RFC 6120 SASL and resource binding.
	SASL2 *SASL2

	// Handler receives the stanzas of every session, typically a
	// [github.com/canto-im/xmpp/mux.ServeMux]. Nil means a handler that
	// answers IQ requests with service-unavailable and ignores the rest.
	Handler xmpp.Handler

	// Session is the base configuration of each session; Handler, if not
	// nil, replaces its Handler, and this Config's Logger a nil Logger.
	Session xmpp.Config

	// Dial connects over TCP (SRV records, direct TLS, or Dial.Address);
	// its TLSConfig also serves STARTTLS. The zero Dialer follows RFC 6120
	// and XEP-0368 with the system's roots.
	Dial dial.Dialer

	// WebSocket, if not nil, connects over WebSocket (RFC 7395) instead of
	// Dial.
	WebSocket *websocket.Dialer

	// Features are stream features negotiated after the login (SASL and
	// resource binding), on every connection; for example csi.Feature.
	Features []xmpp.StreamFeature

	// InitialPresence returns the presence sent on each new (not resumed)
	// session, so that the server routes messages to the resource. Nil
	// means an available <presence/>; a function returning nil sends none.
	InitialPresence func() xmlstream.Marshaler

	// KeepAlive is the interval between XEP-0199 pings to the server.
	// Zero means DefaultKeepAlive; negative means no pings (and no
	// dead-peer detection).
	KeepAlive time.Duration
	// KeepAliveTimeout is how long a ping may go unanswered before the
	// connection is considered dead and closed. Zero means
	// DefaultKeepAliveTimeout.
	KeepAliveTimeout time.Duration
	// Whitespace, if positive, is the interval of whitespace keepalives
	// (RFC 6120 §4.6.1): a single space is written whenever nothing was
	// written on the stream for that long, which keeps NATs and proxies
	// from dropping an idle connection for one byte instead of a ping's
	// round trip. It does not detect a dead server, which never answers
	// a space: the pings (KeepAlive) do, at their own, longer, interval.
	// Not used over WebSocket, which has pings of its own. Zero means none.
	Whitespace time.Duration

	// ConnectTimeout bounds each connection attempt: dialing and
	// negotiation. Zero means DefaultConnectTimeout.
	ConnectTimeout time.Duration

	// MinBackoff and MaxBackoff bound the wait between failed attempts,
	// which doubles from MinBackoff up to MaxBackoff. Zero means
	// DefaultMinBackoff and DefaultMaxBackoff.
	MinBackoff, MaxBackoff time.Duration

	// MaxAttempts gives up after this many failures in a row: failed
	// connection attempts, and sessions that ended within 30 seconds.
	// Zero means no limit.
	MaxAttempts int
	// MaxOffline gives up once the client has been offline this long
	// without a session (it does not wait beyond it). Zero means no
	// limit.
	MaxOffline time.Duration
	// FailFast makes Run return the error of the very first connection
	// attempt instead of retrying it; connections lost later are still
	// retried. False means the first connection is retried like any other.
	FailFast bool

	// MaxRedirects is how many redirects (see-other-host, see-other-uri)
	// are followed in a row. Zero means DefaultMaxRedirects; negative
	// means none is followed (a redirect is then a failed attempt).
	MaxRedirects int

	// Resumer resumes sessions across connections. Nil means XEP-0198
	// stream management with the defaults of [sm.Config] (an
	// [sm.Resumer]) whenever the server offers it, unless
	// NoStreamManagement is set.
	Resumer Resumer
	// NoStreamManagement turns off the default Resumer: no stream
	// management unless Resumer is set. Stanzas written just before a
	// connection drops may then be lost without notice.
	NoStreamManagement bool

	// OnLost, if not nil, is called (on Run's goroutine, before the Online
	// event) with the stanzas sent on an earlier session that the server
	// never acknowledged and that were not sent again because that
	// session could not be resumed, and (before the GaveUp or Stopped
	// event) with those of the last session when Run stops: they may or
	// may not have arrived. The event carries them too, in Event.Lost
	// (which says what they are); OnLost cannot miss them when the
	// program reads events late.
	OnLost func(lost []*xmlstream.Element)

	// Logger receives the client's state changes. Nil means no logging.
	Logger *slog.Logger
}

// withDefaults returns a copy of cfg with its zero values replaced.
func (cfg Config) withDefaults() Config {
	if cfg.KeepAlive == 0 {
		cfg.KeepAlive = DefaultKeepAlive
	}
	if cfg.KeepAliveTimeout <= 0 {
		cfg.KeepAliveTimeout = DefaultKeepAliveTimeout
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = cfg.MinBackoff
	}
	if cfg.MaxRedirects == 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Resumer == nil && !cfg.NoStreamManagement {
		cfg.Resumer = sm.NewResumer(sm.Config{}) // one per Client: it keeps its streams
	}
	if cfg.Session.Logger == nil {
		cfg.Session.Logger = cfg.Logger
	}
	cfg.Features = append([]xmpp.StreamFeature(nil), cfg.Features...)
	if cfg.SASL2 != nil {
		s2 := *cfg.SASL2
		s2.Bind = slices.Clone(s2.Bind)
		s2.Info = slices.Clone(s2.Info)
		cfg.SASL2 = &s2
	}
	if cfg.WebSocket != nil {
		ws := *cfg.WebSocket
		cfg.WebSocket = &ws
	}
	return cfg
}
