package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSStreamLimits is the namespace of stream limits advertisement
// (XEP-0478).
const NSStreamLimits = "urn:xmpp:stream-limits:0"

var limitsName = xml.Name{Space: NSStreamLimits, Local: "limits"}

// PeerLimits are the limits a receiving side advertised (XEP-0478).
type PeerLimits struct {
	// MaxBytes is the largest top-level element the peer accepts; zero
	// means not advertised.
	MaxBytes int
	// Idle is how long the peer lets the stream be silent before it
	// checks or ends it; zero means not advertised.
	Idle time.Duration
}

// StreamLimits returns stream limits advertisement (XEP-0478) for either
// side. The receiving side advertises, in every <stream:features/>, the
// element size its decoder enforces (Config.PreAuthMaxBytes before
// authentication, Config.Limits.MaxElementBytes after) and idle, if not
// zero, as idle-seconds. The initiating side records what the server
// advertised ([PeerLimitsOf]) and, when the server names an idle time,
// sends a white-space keepalive after half of it without traffic from
// this side.
func StreamLimits(idle time.Duration) StreamFeature { return streamLimits{idle: idle} }

type streamLimits struct{ idle time.Duration }

// limitsState is the initiating side's record.
type limitsState struct{ PeerLimits }

var limitsKey = NewExtensionKey[*limitsState]("stream limits")

// PeerLimitsOf returns the limits the server advertised on s.
func PeerLimitsOf(s *Session) (PeerLimits, bool) {
	l, ok := limitsKey.Get(s)
	if !ok {
		return PeerLimits{}, false
	}
	return l.PeerLimits, true
}

func (streamLimits) Name() xml.Name { return limitsName }

// States: advertised in every round; it establishes nothing.
func (streamLimits) States() (needs, excludes, provides State) { return 0, 0, 0 }

func (f streamLimits) Advertise(_ context.Context, n *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	cfg := n.Config()
	max := cfg.Limits.MaxElementBytes
	if !n.State().Has(Authenticated) {
		max = min(max, cfg.PreAuthMaxBytes)
	}
	if err := w.Start(limitsName); err != nil {
		return false, false, err
	}
	if err := w.TextElement(xml.Name{Space: NSStreamLimits, Local: "max-bytes"}, strconv.Itoa(max)); err != nil {
		return false, false, err
	}
	if f.idle > 0 {
		secs := strconv.Itoa(int(f.idle / time.Second))
		if err := w.TextElement(xml.Name{Space: NSStreamLimits, Local: "idle-seconds"}, secs); err != nil {
			return false, false, err
		}
	}
	return true, false, w.End()
}

func (streamLimits) Negotiate(_ context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	if n.State().Has(Received) {
		return FeatureResult{}, n.Fail(stream.UnsupportedStanzaType, "<limits/> is advertised, not negotiated")
	}
	l, err := ParsePeerLimits(el)
	if err != nil {
		n.Logger().Debug("xmpp: ignoring malformed stream limits", "err", err)
		return FeatureResult{}, nil
	}
	// The limits may change after authentication (XEP-0478 §Business
	// Rules): the last advertised stand.
	limitsKey.Attach(n, &limitsState{l})
	return FeatureResult{}, nil
}

// ParsePeerLimits reads a <limits/> element. Absent children are zero.
func ParsePeerLimits(el *xmlstream.Element) (PeerLimits, error) {
	var l PeerLimits
	if c, ok := el.Child(NSStreamLimits, "max-bytes"); ok {
		v, err := strconv.Atoi(strings.TrimSpace(c.Text()))
		if err != nil || v <= 0 {
			return PeerLimits{}, errors.New("xmpp: stream limits: bad max-bytes")
		}
		l.MaxBytes = v
	}
	if c, ok := el.Child(NSStreamLimits, "idle-seconds"); ok {
		v, err := strconv.Atoi(strings.TrimSpace(c.Text()))
		if err != nil || v <= 0 || v > 7*24*3600 {
			return PeerLimits{}, errors.New("xmpp: stream limits: bad idle-seconds")
		}
		l.Idle = time.Duration(v) * time.Second
	}
	return l, nil
}

// ErrPeerLimit is returned by Send and SendIQ for an element larger than
// the peer advertised it accepts (XEP-0478 §Business Rules: it is not
// sent, since the peer would end the stream).
var ErrPeerLimit = errors.New("xmpp: element larger than the peer's advertised max-bytes (XEP-0478)")

// startKeepAlive applies the server's advertised limits once the session
// runs: its max-bytes to what this side sends, and a keepalive if it
// named an idle time. Framed transports (WebSocket) have their own pings
// and are left alone.
func (s *Session) startKeepAlive() {
	st, ok := limitsKey.Get(s)
	if !ok || s.state.Has(Received) {
		return
	}
	s.maxOut = st.MaxBytes
	if st.Idle > 0 && s.fr == nil {
		go s.keepAlive(st.Idle / 2)
	}
}

// checkPeerLimit encodes an element aside to measure it against the
// peer's max-bytes. Only sessions whose peer advertised a limit pay for
// it. The measure includes the content namespace declaration, so it errs
// on the side of refusing.
func (s *Session) checkPeerLimit(enc func(xmlstream.Encoder) error) error {
	var n countWriter
	w := xmlstream.NewWriter(&n)
	if err := enc(w.Encoder()); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if int(n) > s.maxOut {
		return fmt.Errorf("%w: %d bytes, the peer accepts %d", ErrPeerLimit, n, s.maxOut)
	}
	return nil
}

// countWriter counts what is written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// keepAlive sends a white-space keepalive (RFC 6120 §4.6.1) at every
// tick until the stream ends.
func (s *Session) keepAlive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	streamCtx := s.ctx.get()
	for {
		select {
		case <-streamCtx.Done():
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(streamCtx, every)
		err := s.writeSpace(ctx)
		cancel()
		if err != nil {
			return
		}
	}
}

// writeSpace writes one space between elements.
func (s *Session) writeSpace(ctx context.Context) error {
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	if s.outClosed || s.closed.Load() {
		s.wl.unlock()
		return ErrClosed
	}
	if err := s.w.WriteRaw([]byte(" ")); err != nil {
		s.wl.unlock()
		return err
	}
	return s.unlockWrite()
}
