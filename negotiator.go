package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors of the initiating side's negotiation.
var (
	// ErrTLSRequired means the peer did not offer STARTTLS on a stream that
	// is not yet secure; the session refuses to go on in plaintext.
	ErrTLSRequired = errors.New("xmpp: the server does not offer STARTTLS and the stream is not encrypted")
	// ErrRequiredFeature means the peer requires a feature this side does
	// not support.
	ErrRequiredFeature = errors.New("xmpp: the peer requires a stream feature that is not configured")
)

var (
	streamErrorName    = xml.Name{Space: stream.NS, Local: "error"}
	streamFeaturesName = xml.Name{Space: stream.NS, Local: "features"}
)

// maxAttempts bounds the feature exchanges in one round of the receiving
// side, so failed authentications cannot be retried without end. A feature
// may add to it for the round (SASL adds one attempt per mechanism
// offered, so that a client that tries each in turn reaches the last).
const maxAttempts = 6

// maxRounds bounds stream restarts during one negotiation.
const maxRounds = 8

// negotiate runs the default handshake of RFC 6120 §4.3 until the stream is
// ready. ctx bounds the whole negotiation: when it ends, blocked reads and
// writes are interrupted.
func (s *Session) negotiate(ctx context.Context, features []StreamFeature) (err error) {
	stop := s.interruptWhenDone(ctx)
	defer func() {
		interrupted := !stop()
		if interrupted || ctx.Err() != nil {
			if err == nil {
				err = ctx.Err()
			}
			err = fmt.Errorf("xmpp: negotiation: %w", errors.Join(ctx.Err(), err))
		}
		if interrupted {
			s.clearDeadline()
		}
		s.neg = Negotiation{s: s} // keeps no offered features
	}()
	fresh := true // a round that opens a new stream
	// One Negotiation serves every round, each starting it afresh; it
	// lives in the Session, which saves allocating it.
	n := &s.neg
	for range maxRounds {
		var next nextRound
		*n = Negotiation{s: s}
		if s.state.Has(Received) {
			next, err = s.receiveRound(ctx, n, features, fresh)
		} else {
			next, err = s.initiateRound(ctx, n, features, fresh)
		}
		if err != nil || next == roundDone {
			return err
		}
		fresh = next == roundRestart
	}
	return errors.New("xmpp: too many stream restarts")
}

// nextRound is what follows a round of negotiation.
type nextRound uint8

const (
	roundDone     nextRound = iota // the stream is ready
	roundRestart                   // a new stream, new header and features
	roundFeatures                  // new features in the same stream (XEP-0388)
)

// roundAfter is the round that a feature's result calls for.
func roundAfter(res FeatureResult) (nextRound, bool) {
	switch {
	case res.Restart:
		return roundRestart, true
	case res.Features:
		return roundFeatures, true
	}
	return roundDone, false
}

// apply records what a feature established.
func (s *Session) apply(res FeatureResult) {
	s.state |= res.Add
	switch {
	case res.Conn != nil:
		s.setTransport(res.Conn)
	case res.Restart:
		// Same transport, new stream: keep unread bytes, forget the old
		// stream's namespaces and prefixes.
		s.dec.Restart()
		s.w.Reset(s.wdst)
	}
	if !res.Local.IsZero() {
		s.local = res.Local
	}
	if !res.Remote.IsZero() {
		s.remote = res.Remote
	}
	if s.state.Has(Authenticated) {
		s.dec.SetLimits(s.cfg.Limits)
	}
}

// openStream writes this side's stream open (see writeOpen).
func (s *Session) openStream(ctx context.Context, h stream.Header) error {
	s.out = h
	return s.writeRawNow(ctx, func(w *xmlstream.Writer) error { return s.writeOpen(w, h) })
}

// readHeader reads the peer's stream open (see readOpen).
func (s *Session) readHeader(ctx context.Context) (stream.Header, error) {
	h, err := s.readOpen()
	if err != nil {
		if serr, ok := stream.FromDecodeError(err); ok {
			return h, serr
		}
		return stream.Header{}, err
	}
	return h, err
}

// readNegotiation reads one element into el during negotiation, turning a
// stream error from the peer into the session's error and a decoding error
// into a stream error sent to the peer.
func (s *Session) readNegotiation(el *xmlstream.Element) (*xmlstream.Element, error) {
	if err := s.readElement(el); err != nil {
		if serr, ok := stream.FromDecodeError(err); ok {
			s.sendStreamError(serr)
			return nil, &LocalStreamError{Err: serr, Cause: err}
		}
		if errors.Is(err, xmlstream.ErrStreamEnd) {
			// RFC 6120 §4.4: the closing tag is answered with ours.
			s.answerClose()
			return nil, errPeerClosed
		}
		return nil, err
	}
	if s.fr != nil {
		if closed, err := s.fr.t.ParseClose(el); closed {
			// RFC 7395 §3.6: <close/> is answered with <close/>.
			s.answerClose()
			if err != nil {
				return nil, err
			}
			return nil, errPeerClosed
		}
	}
	if el.Name() == streamErrorName {
		serr, err := stream.ParseError(el)
		if err != nil {
			return nil, err
		}
		return nil, serr
	}
	return el, nil
}

// errPeerClosed means the peer ended its stream before negotiation was done.
var errPeerClosed = fmt.Errorf("xmpp: the peer closed the stream during negotiation: %w", io.ErrUnexpectedEOF)

// answerClose answers the peer's end of stream during negotiation with
// this side's (the closing tag, or <close/> with WebSocket framing).
func (s *Session) answerClose() {
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	defer cancel()
	_ = s.sendClose(ctx)
}

// failNegotiation sends a stream error and returns it as the session's error.
func (s *Session) failNegotiation(serr stream.Error, cause string) error {
	return s.failWith(serr, errors.New(cause))
}

// failWith is failNegotiation with a cause that errors.Is can match.
func (s *Session) failWith(serr stream.Error, cause error) error {
	s.sendStreamError(serr)
	return &LocalStreamError{Err: serr, Cause: cause}
}

// initiateRound opens a stream, reads the offered features and negotiates
// them in the configured order through n, reporting whether a restart
// follows.
func (s *Session) initiateRound(ctx context.Context, n *Negotiation, features []StreamFeature, fresh bool) (next nextRound, err error) {
	early := -1 // the feature whose first element went with the header
	if fresh {
		hdr := stream.Header{To: s.remote.Domain(), Version: "1.0", Lang: s.cfg.Lang, NS: s.ns}
		if s.state.Has(Secure) {
			hdr.From = s.local.Bare()
		}
		var first xmlstream.Marshaler
		if early, first, err = s.pipeline(ctx, n, features); err != nil {
			return roundDone, err
		}
		if err := s.openStreamWith(ctx, hdr, first); err != nil {
			return roundDone, err
		}
		in, err := s.readHeader(ctx)
		if err != nil {
			return roundDone, s.headerError(err)
		}
		s.in = in
	}
	el, err := s.readNegotiation(s.negElement())
	if err != nil {
		return roundDone, err
	}
	if el.Name() != streamFeaturesName {
		return roundDone, s.failNegotiation(stream.NotAuthorized, "expected <stream:features/>, got <"+el.Name().Local+"/>")
	}
	offered, err := stream.ParseFeatures(el)
	if err != nil {
		return roundDone, s.failNegotiation(stream.BadFormat, err.Error())
	}
	n.features = offered
	var doneStore [8]bool // room for the usual configurations, without allocating
	var done []bool
	if len(features) <= len(doneStore) {
		done = doneStore[:len(features)]
	} else {
		done = make([]bool, len(features))
	}
	if early >= 0 {
		// The pipelined feature goes first, offered or not: it checks
		// that the features match what it predicted.
		done[early] = true
		name := features[early].Name()
		offer, _ := offered.Lookup(name.Space, name.Local)
		res, err := features[early].Negotiate(ctx, n, offer)
		if err != nil {
			return roundDone, err
		}
		s.apply(res)
		if next, ok := roundAfter(res); ok {
			return next, nil
		}
	}
	for {
		i, offer := s.pick(features, done, offered)
		if i < 0 {
			return roundDone, s.finishInitiated(features, offered)
		}
		done[i] = true
		res, err := features[i].Negotiate(ctx, n, offer)
		if err != nil {
			return roundDone, err
		}
		s.apply(res)
		if next, ok := roundAfter(res); ok {
			return next, nil
		}
	}
}

// pick returns the first configured feature that the peer offered and the
// stream's state allows. While the stream is not secure only a feature that
// makes it secure may run.
func (s *Session) pick(features []StreamFeature, done []bool, offered stream.Features) (int, *xmlstream.Element) {
	for i, f := range features {
		if done[i] || !s.applies(f) {
			continue
		}
		needs, excludes, provides := f.States()
		if !s.state.Has(needs) || s.state&excludes != 0 {
			continue
		}
		if !s.state.Has(Secure) && provides&Secure == 0 {
			continue
		}
		name := f.Name()
		if fe, ok := offered.Lookup(name.Space, name.Local); ok {
			return i, fe
		}
	}
	return -1, nil
}

// finishInitiated checks, when nothing more can be negotiated, that the
// stream is as secure and complete as the configuration demands.
func (s *Session) finishInitiated(features []StreamFeature, offered stream.Features) error {
	if !s.state.Has(Secure) {
		return ErrTLSRequired
	}
	for _, f := range features {
		_, _, provides := f.States()
		if !s.state.Has(provides) {
			return fmt.Errorf("xmpp: stream feature <%s xmlns='%s'/> was not negotiated (the peer did not offer it)", f.Name().Local, f.Name().Space)
		}
	}
	for fe := range offered.All() {
		if name := fe.Name(); stream.IsRequired(fe) && !s.configured(features, name) {
			return fmt.Errorf("%w: <%s xmlns='%s'/>", ErrRequiredFeature, name.Local, name.Space)
		}
	}
	return nil
}

func (s *Session) configured(features []StreamFeature, name xml.Name) bool {
	for _, f := range features {
		if f.Name() == name {
			return true
		}
	}
	return false
}

// headerError handles a bad stream header from the peer.
func (s *Session) headerError(err error) error {
	var serr stream.Error
	ok := errors.As(err, &serr)
	if !ok {
		serr, ok = stream.FromDecodeError(err)
	}
	if !ok {
		return err
	}
	s.sendStreamError(serr)
	return &LocalStreamError{Err: serr, Cause: err}
}

// offer is a feature the receiving side advertised in the current round.
type offer struct {
	f        StreamFeature
	required bool
	done     bool
}

// receiveRound reads the initiator's header, answers it, offers the
// features the state allows and negotiates what the initiator picks
// through n.
func (s *Session) receiveRound(ctx context.Context, n *Negotiation, features []StreamFeature, fresh bool) (next nextRound, err error) {
	if fresh {
		if err := s.receiveHeader(ctx); err != nil {
			return roundDone, err
		}
	}
	var offerStore [8]offer // room for the usual configurations, without allocating
	offers, err := s.advertise(ctx, n, features, offerStore[:0])
	if err != nil {
		return roundDone, err
	}
	limit := maxAttempts + n.extraAttempts
	for attempts := 0; pendingRequired(offers); attempts++ {
		if attempts == limit {
			return roundDone, s.failNegotiation(stream.PolicyViolation, "too many failed negotiation attempts")
		}
		el, err := s.readNegotiation(s.negElement())
		if err != nil {
			return roundDone, err
		}
		o := matchOffer(offers, el)
		if o == nil {
			if _, isStanza := stanza.KindOf(el.Name()); isStanza {
				return roundDone, s.failNegotiation(stream.NotAuthorized, "stanza before negotiation finished")
			}
			return roundDone, s.failNegotiation(stream.UnsupportedStanzaType, "unexpected <"+el.Name().Local+"/> during negotiation")
		}
		res, err := o.f.Negotiate(ctx, n, el)
		if err != nil {
			return roundDone, err
		}
		s.apply(res)
		// A feature that did not establish what it provides (a refused
		// bind, say) may be tried again. One whose provides another
		// feature established is done too: resource binding once
		// XEP-0198 resumption bound the stream in its place.
		_, _, provides := o.f.States()
		o.done = s.state.Has(provides)
		for i := range offers {
			if _, _, p := offers[i].f.States(); p != 0 && s.state.Has(p) {
				offers[i].done = true
			}
		}
		if next, ok := roundAfter(res); ok {
			return next, nil
		}
	}
	return roundDone, nil
}

// receiveHeader reads the initiator's header and answers it with ours.
func (s *Session) receiveHeader(ctx context.Context) error {
	in, err := s.readHeader(ctx)
	if err != nil {
		if errors.Is(err, errPeerClosed) {
			return err // answered already
		}
		_ = s.openReplyHeader(ctx, stream.Header{})
		return s.headerError(err)
	}
	s.in = in
	if err := s.openReplyHeader(ctx, in); err != nil {
		return err
	}
	if in.NS != s.ns {
		return s.failNegotiation(stream.InvalidNamespace, "content namespace "+in.NS)
	}
	if in.To.IsZero() || in.To.Domain() != s.local.Domain() {
		return s.failNegotiation(stream.HostUnknown, "stream addressed to "+in.To.String())
	}
	return nil
}

// openReplyHeader answers the initiator's header with ours. The header
// stays in the writer's buffer: what always follows it, the features or a
// stream error, takes it along in the same transport write, which saves a
// write (a TLS record) and a wake-up of the peer in every round.
func (s *Session) openReplyHeader(ctx context.Context, in stream.Header) error {
	out := stream.Header{From: s.local.Domain(), To: in.From, ID: stanza.NewStreamID(), Version: "1.0", Lang: replyLang(in.Lang, s.cfg.Lang), NS: s.ns}
	s.out = out
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	defer s.wl.unlock()
	if err := s.writeOpen(s.w, out); err != nil {
		return err
	}
	return s.endElement()
}

// replyLang is the xml:lang of the response stream header (RFC 6120
// §4.7.4): the initiator's language when this side supports it (its
// default language, or a more specific tag of it such as en-GB for en),
// else this side's default.
func replyLang(asked, def string) string {
	if asked == "" || len(asked) > 35 {
		return def
	}
	if strings.EqualFold(asked, def) || len(asked) > len(def) && asked[len(def)] == '-' && strings.EqualFold(asked[:len(def)], def) {
		return asked
	}
	return def
}

// advertise writes <stream:features/> with every feature the state allows,
// appending to offers what it offered.
func (s *Session) advertise(ctx context.Context, n *Negotiation, features []StreamFeature, offers []offer) ([]offer, error) {
	err := s.writeRawNow(ctx, func(w *xmlstream.Writer) error {
		if err := s.startFeatures(w); err != nil {
			return err
		}
		for _, f := range features {
			needs, excludes, _ := f.States()
			// A feature that needs Bound is offered with resource binding
			// and negotiated after it (see StreamFeature.States).
			if !s.state.Has(needs&^Bound) || s.state&excludes != 0 || !s.applies(f) {
				continue
			}
			offered, required, err := f.Advertise(ctx, n, w.Encoder())
			if err != nil {
				return err
			}
			if offered {
				offers = append(offers, offer{f: f, required: required})
			}
		}
		return s.endFeatures(w)
	})
	return offers, err
}

func pendingRequired(offers []offer) bool {
	for _, o := range offers {
		if o.required && !o.done {
			return true
		}
	}
	return false
}

// matchOffer finds the offered feature an initiator's element belongs to: by
// its namespace, or for an IQ by its payload's.
func matchOffer(offers []offer, el *xmlstream.Element) *offer {
	ns := el.Name().Space
	if k, ok := stanza.KindOf(el.Name()); ok && k == stanza.KindIQ {
		child, ok := el.FirstChild()
		if !ok {
			return nil
		}
		ns = child.Space
	}
	for i := range offers {
		if !offers[i].done && offers[i].f.Name().Space == ns {
			return &offers[i]
		}
	}
	return nil
}
