package xmpp

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// FASTOffer is what a server offered (its stream features after TLS) on
// the connection where the client's FAST token was issued or last used.
// A client that remembers it can send its FAST <authenticate/> right
// behind its stream header, before the features arrive: a reconnection
// in one round trip (the pipelining of XEP-0305, the single round trip
// of XEP-0484).
type FASTOffer struct {
	// Features is the server's <stream:features/> as XML. It holds no
	// secret; the store keeps it as it is.
	Features []byte
}

// ErrNoFASTOffer is returned by a [FASTOfferStore] that remembers no
// offer for the account and user agent.
var ErrNoFASTOffer = errors.New("xmpp: no FAST offer remembered")

// ErrFASTOfferChanged means the client pipelined its FAST authentication
// from a remembered offer and the server's features no longer match it
// (no SASL2, no FAST with the token's mechanism, or an inline feature the
// client asked for is gone): a changed server or a downgrade. The login
// fails rather than go on with what the server did not offer; the offer
// is forgotten, so that the next login negotiates in the ordinary way.
var ErrFASTOfferChanged = errors.New("xmpp: FAST: the server's features changed since the token was issued")

// FASTOfferStore is implemented by a [FASTClientStore] that also keeps
// the server's offer next to the token, per account and user agent
// ([MemoryFASTClientStore] does). With it, [SASL2] reconnects in one round
// trip after TLS; a store without it logs in with FAST in two. Keep the
// offer as long as the token: a store that forgets the offer only costs
// a round trip.
type FASTOfferStore interface {
	// LoadOffer returns the offer for account (a bare JID) and agent, or
	// ErrNoFASTOffer.
	LoadOffer(account jid.JID, agent string) (FASTOffer, error)
	// SaveOffer stores o, replacing the previous offer.
	SaveOffer(account jid.JID, agent string, o FASTOffer) error
	// DeleteOffer forgets the offer (the server's features changed).
	DeleteOffer(account jid.JID, agent string) error
}

// maxFASTOffer bounds a remembered offer; a larger one is not kept (the
// client then logs in without pipelining).
const maxFASTOffer = 16 << 10

// encodeFASTOffer writes the offered features as one <stream:features/>.
func encodeFASTOffer(offered stream.Features) (FASTOffer, bool) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	enc := w.Encoder()
	err := enc.Start(streamFeaturesName)
	for el := range offered.All() {
		if err == nil {
			err = el.WriteXML(enc)
		}
	}
	if err == nil {
		err = enc.End()
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil || buf.Len() > maxFASTOffer {
		return FASTOffer{}, false
	}
	return FASTOffer{Features: buf.Bytes()}, true
}

// decodeFASTOffer reads a remembered offer back, with the limits of a
// stream before authentication (the store is the application's, not the
// server's, but its contents came from the server).
func decodeFASTOffer(o FASTOffer) (stream.Features, error) {
	if len(o.Features) == 0 || len(o.Features) > maxFASTOffer {
		return stream.Features{}, errors.New("xmpp: FAST offer empty or too long")
	}
	el := new(xmlstream.Element)
	if err := xmlstream.NewDecoder(bytes.NewReader(o.Features), xmlstream.Limits{}).ReadElement(el); err != nil {
		return stream.Features{}, fmt.Errorf("xmpp: FAST offer: %w", err)
	}
	if el.Name() != streamFeaturesName {
		return stream.Features{}, errors.New("xmpp: FAST offer is not <stream:features/>")
	}
	return stream.ParseFeatures(el)
}

func (s *MemoryFASTClientStore) LoadOffer(account jid.JID, agent string) (FASTOffer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.offers[[2]string{account.Bare().String(), agent}]
	if !ok {
		return FASTOffer{}, ErrNoFASTOffer
	}
	return FASTOffer{Features: bytes.Clone(o.Features)}, nil
}

func (s *MemoryFASTClientStore) SaveOffer(account jid.JID, agent string, o FASTOffer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.offers == nil {
		s.offers = map[[2]string]FASTOffer{}
	}
	s.offers[[2]string{account.Bare().String(), agent}] = FASTOffer{Features: bytes.Clone(o.Features)}
	return nil
}

func (s *MemoryFASTClientStore) DeleteOffer(account jid.JID, agent string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.offers, [2]string{account.Bare().String(), agent})
	return nil
}
