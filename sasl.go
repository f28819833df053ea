package xmpp

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces of SASL negotiation.
const (
	NSSASL   = "urn:ietf:params:xml:ns:xmpp-sasl" // RFC 6120 §6
	NSSASLCB = "urn:xmpp:sasl-cb:0"               // XEP-0440 channel-binding types
)

var (
	mechanismsName = xml.Name{Space: NSSASL, Local: "mechanisms"}
	saslCBName     = xml.Name{Space: NSSASLCB, Local: "sasl-channel-binding"}
)

// SASLError is a SASL <failure/> received from the server (RFC 6120
// §6.4.5). errors.Is matches it against the sasl package's conditions, such
// as sasl.ErrNotAuthorized.
type SASLError struct {
	Condition sasl.Condition
	Text      string
}

func (e *SASLError) Error() string {
	if e.Text != "" {
		return "xmpp: authentication failed: " + string(e.Condition) + ": " + e.Text
	}
	return "xmpp: authentication failed: " + string(e.Condition)
}

// Unwrap returns the condition.
func (e *SASLError) Unwrap() error { return e.Condition }

// SASL returns the initiating side's SASL feature (RFC 6120 §6): it
// authenticates as username (empty: the localpart of the session's JID) with
// password, choosing the strongest of mechanisms (none given: the sasl
// package's default order, SCRAM-*-PLUS first) that the server offers and
// this connection allows. PLAIN is never sent on a stream that is not
// Secure.
func SASL(username, password string, mechanisms ...string) StreamFeature {
	return saslClient{cfg: sasl.ClientConfig{Username: username, Password: password, Mechanisms: mechanisms}}
}

// SASLWith is [SASL] with every client option of the sasl package, such as
// a [sasl.SCRAMCache] shared by the sessions of an application that logs in
// again and again (ClientConfig.Cache), which then skip SCRAM's PBKDF2.
func SASLWith(cfg sasl.ClientConfig) StreamFeature { return saslClient{cfg: cfg} }

// SASLServer returns the receiving side's SASL feature: it offers what cfg
// can serve on the connection, advertises the channel-binding types it
// supports (XEP-0440), and authenticates the client as a user of the
// session's domain.
func SASLServer(cfg sasl.ServerConfig) StreamFeature { return saslServer{cfg: cfg} }

type saslClient struct{ cfg sasl.ClientConfig }

func (saslClient) Name() xml.Name { return mechanismsName }

func (saslClient) States() (needs, excludes, provides State) {
	return Secure, Authenticated, Authenticated
}

func (saslClient) Advertise(context.Context, *Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, errors.New("xmpp: SASL() is the initiating side; use SASLServer to receive")
}

func (f saslClient) Negotiate(ctx context.Context, n *Negotiation, offer *xmlstream.Element) (FeatureResult, error) {
	cfg := f.cfg
	if cfg.Username == "" {
		cfg.Username = n.Local().Localpart()
	}
	if n.Config().InsecureAssumeSecure {
		cfg.InsecurePlaintextAuth = true
	}
	neg := sasl.Negotiation{TLS: n.TLSState(), Mechanisms: offeredMechanisms(offer)}
	if cb, ok := n.Offered().Lookup(NSSASLCB, "sasl-channel-binding"); ok {
		neg.ChannelBindings = offeredBindings(cb)
	}
	mech, err := sasl.NewClient(cfg, neg)
	if err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: SASL: %w", err)
	}
	initial, err := mech.Start()
	if err != nil {
		return FeatureResult{}, err
	}
	if err := n.s.sendSASL(ctx, saslMessage{name: "auth", mechanism: mech.Name(), data: initial, present: initial != nil}); err != nil {
		return FeatureResult{}, err
	}
	for {
		el, err := n.readOwn()
		if err != nil {
			return FeatureResult{}, err
		}
		name := el.Name()
		if name.Space != NSSASL {
			return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> during SASL", name.Local)
		}
		var data []byte
		var failure *SASLError
		if name.Local == "failure" {
			// No data (RFC 6120 §6.4.5): its text is the white space
			// between its children, which is not base64.
			failure = parseFailure(el)
		} else {
			data, err = decodeSASL(el)
		}
		// Nothing of el is kept (data is decoded anew, strings stay
		// valid): the next read reuses it.
		if err != nil {
			return FeatureResult{}, err
		}
		switch name.Local {
		case "challenge":
			resp, err := sasl.StepContext(ctx, mech, data)
			if err != nil {
				_ = n.s.sendSASL(ctx, saslMessage{name: "abort"})
				return FeatureResult{}, fmt.Errorf("xmpp: SASL %s: %w", mech.Name(), err)
			}
			if err := n.s.sendSASL(ctx, saslMessage{name: "response", data: resp, present: true}); err != nil {
				return FeatureResult{}, err
			}
		case "success":
			if err := sasl.Finish(mech, data); err != nil {
				return FeatureResult{}, fmt.Errorf("xmpp: SASL %s: %w", mech.Name(), err)
			}
			return FeatureResult{Add: Authenticated, Restart: true}, nil
		case "failure":
			return FeatureResult{}, failure
		default:
			return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> during SASL", name.Local)
		}
	}
}

// offeredMechanisms lists the <mechanism/> names of a <mechanisms/> offer,
// in the order offered (XEP-0474 hashes that order).
func offeredMechanisms(el *xmlstream.Element) []string {
	var names []string
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NSSASL, Local: "mechanism"}) {
			names = append(names, c.Text())
		}
	}
	return names
}

// offeredBindings lists the channel-binding types of an XEP-0440 offer.
func offeredBindings(el *xmlstream.Element) []string {
	types := []string{}
	for c := range el.Children() {
		if c.Name() == (xml.Name{Space: NSSASLCB, Local: "channel-binding"}) {
			types = append(types, c.Attr("type"))
		}
	}
	return types
}

func parseFailure(el *xmlstream.Element) *SASLError {
	e := &SASLError{Condition: sasl.ErrNotAuthorized}
	for c := range el.Children() {
		switch name := c.Name(); {
		case name.Space != NSSASL:
		case name.Local == "text":
			e.Text = c.Text()
		default:
			e.Condition = sasl.Condition(name.Local)
		}
	}
	return e
}

// decodeSASL decodes the base64 content of a SASL element ("=" is empty data).
func decodeSASL(el *xmlstream.Element) ([]byte, error) {
	text := el.Text()
	if text == "" {
		return nil, nil
	}
	if text == "=" {
		return []byte{}, nil
	}
	if base64.StdEncoding.DecodedLen(len(text)) > sasl.MaxMessageSize+3 {
		return nil, fmt.Errorf("%w: message too long", sasl.ErrMalformedRequest)
	}
	data, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, sasl.ErrIncorrectEncoding
	}
	return data, nil
}

// saslMessage writes <auth/>, <response/>, <challenge/>, <success/> or <abort/>.
type saslMessage struct {
	name      string
	mechanism string
	data      []byte
	present   bool // data is sent even when empty (as "=")
}

func (m saslMessage) WriteXML(w xmlstream.Encoder) error {
	var attrs []xml.Attr
	if m.mechanism != "" {
		attrs = []xml.Attr{{Name: xml.Name{Local: "mechanism"}, Value: m.mechanism}}
	}
	if err := w.Start(xml.Name{Space: NSSASL, Local: m.name}, attrs...); err != nil {
		return err
	}
	switch {
	case len(m.data) > 0:
		if err := w.Text(base64.StdEncoding.EncodeToString(m.data)); err != nil {
			return err
		}
	case m.present:
		if err := w.Text("="); err != nil {
			return err
		}
	}
	return w.End()
}

// saslFailure writes <failure><condition/></failure>.
type saslFailure struct{ condition sasl.Condition }

func (f saslFailure) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(xml.Name{Space: NSSASL, Local: "failure"}); err != nil {
		return err
	}
	if err := w.EmptyElement(xml.Name{Space: NSSASL, Local: string(f.condition)}); err != nil {
		return err
	}
	return w.End()
}

type saslServer struct{ cfg sasl.ServerConfig }

func (saslServer) Name() xml.Name { return mechanismsName }

func (saslServer) States() (needs, excludes, provides State) {
	return Secure, Authenticated, Authenticated
}

// negotiation describes the connection for the sasl package and returns
// what the server offers on it. (SASL2's server calls it with its own
// configuration.)
func (f saslServer) negotiation(n *Negotiation) (sasl.ServerConfig, sasl.Negotiation) {
	cfg := f.config(n)
	neg := sasl.Negotiation{TLS: n.TLSState(), ServerCertificate: n.s.servedCert}
	return cfg, cfg.Advertise(neg)
}

// config is the feature's configuration on n's session: plaintext
// mechanisms allowed where the session is assumed secure.
func (f saslServer) config(n *Negotiation) sasl.ServerConfig {
	cfg := f.cfg
	if n.s.cfg.InsecureAssumeSecure {
		cfg.InsecurePlaintextAuth = true
	}
	return cfg
}

// offered is negotiation for this feature's Negotiate: what its Advertise
// kept in this round (Negotiation.saslOffer), if it did, so that it need
// not be worked out again.
func (f saslServer) offered(n *Negotiation) (sasl.ServerConfig, sasl.Negotiation) {
	if n.saslKept != 1 {
		return f.negotiation(n)
	}
	return f.config(n), n.saslOffer
}

func (f saslServer) Advertise(_ context.Context, n *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	_, neg := f.negotiation(n)
	if n.saslKept == 0 {
		n.saslOffer, n.saslKept = neg, 1
	} else {
		n.saslKept = 2 // a second SASL feature: neither is kept
	}
	if len(neg.Mechanisms) == 0 {
		return false, false, nil
	}
	// Some clients try every mechanism in turn, each failing before the
	// password is checked (slixmpp 1.8 sends tls-unique, undefined on TLS
	// 1.3, with every -PLUS mechanism, then the "y" flag with every other
	// SCRAM): give them room to reach the last one.
	n.extraAttempts = len(neg.Mechanisms)
	if raw := n.rawWriter(w); raw != nil {
		var store [256]byte
		if b, ok := appendMechanisms(store[:0], neg.Mechanisms); ok {
			if err := raw.WriteRaw(b); err != nil {
				return false, false, err
			}
			if err := writeChannelBindings(n, w, neg.ChannelBindings); err != nil {
				return false, false, err
			}
			return true, true, nil
		}
	}
	if err := w.Start(mechanismsName); err != nil {
		return false, false, err
	}
	for _, m := range neg.Mechanisms {
		if err := w.TextElement(xml.Name{Space: NSSASL, Local: "mechanism"}, m); err != nil {
			return false, false, err
		}
	}
	if err := w.End(); err != nil {
		return false, false, err
	}
	if err := writeChannelBindings(n, w, neg.ChannelBindings); err != nil {
		return false, false, err
	}
	return true, true, nil
}

func (f saslServer) Negotiate(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	if el.Name() != (xml.Name{Space: NSSASL, Local: "auth"}) {
		return FeatureResult{}, n.Send(ctx, saslFailure{sasl.ErrMalformedRequest})
	}
	cfg, neg := f.offered(n)
	mech, err := sasl.NewServer(el.Attr("mechanism"), cfg, neg)
	if err != nil {
		return FeatureResult{}, n.Send(ctx, saslFailure{sasl.ConditionOf(err)})
	}
	data, err := decodeSASL(el)
	for err == nil {
		var challenge []byte
		var done bool
		challenge, done, err = mech.Step(data)
		if err != nil {
			break
		}
		if done {
			return f.succeed(ctx, n, mech, challenge)
		}
		if err := n.s.sendSASL(ctx, saslMessage{name: "challenge", data: challenge, present: true}); err != nil {
			return FeatureResult{}, err
		}
		el, err = n.Read(ctx)
		if err != nil {
			return FeatureResult{}, err
		}
		switch el.Name() {
		case xml.Name{Space: NSSASL, Local: "response"}:
			data, err = decodeSASL(el)
		case xml.Name{Space: NSSASL, Local: "abort"}:
			err = sasl.ErrAborted
		default:
			err = sasl.ErrMalformedRequest
		}
	}
	n.Logger().Debug("xmpp: SASL failed", "err", err)
	// The client may try again (RFC 6120 §6.4.5); negotiation goes on.
	return FeatureResult{}, n.Send(ctx, saslFailure{sasl.ConditionOf(err)})
}

// succeed turns the mechanism's identity into the client's bare JID.
func (f saslServer) succeed(ctx context.Context, n *Negotiation, mech sasl.Server, additional []byte) (FeatureResult, error) {
	id := mech.Identity()
	local := id.Username
	if mech.Name() == sasl.Anonymous {
		local = stanza.NewID()
	}
	bare, err := n.Local().Domain().WithLocal(local) // the username is checked, not our domain
	if err == nil && id.Authzid != "" {
		if az, perr := jid.Parse(id.Authzid); perr != nil || az != bare {
			return FeatureResult{}, n.Send(ctx, saslFailure{sasl.ErrInvalidAuthzid})
		}
	}
	if err != nil {
		return FeatureResult{}, n.Send(ctx, saslFailure{sasl.ErrNotAuthorized})
	}
	if err := n.s.sendSASL(ctx, saslMessage{name: "success", data: additional}); err != nil {
		return FeatureResult{}, err
	}
	return FeatureResult{Add: Authenticated, Restart: true, Remote: bare}, nil
}
