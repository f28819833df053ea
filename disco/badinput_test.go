package disco_test

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// Security B15 (XEP-0115 §5.4, §8): a verification string whose answer does
// not verify is never cached, so that one entity cannot poison what every
// other entity advertising the same caps is believed to support.

// liar answers disco#info for any node with info, whatever it advertised.
func liar(info disco.Info) mux.Option {
	return mux.Get(disco.InfoName, mux.IQResponderFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
		q, _ := st.Element.Child(disco.NSInfo, "query")
		answer := info
		answer.Node = q.Attr("node")
		return answer, nil
	}))
}

// naiveVer hashes S built the plain way, without the checks of §5.4, as a
// sloppy or hostile generator would; identities are taken in order.
func naiveVer(ids []disco.Identity, features []string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(id.Category + "/" + id.Type + "/" + id.Lang + "/" + id.Name + "<")
	}
	for _, f := range features {
		b.WriteString(f + "<")
	}
	sum := sha1.Sum([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// resolveFromLiar has the client advertise c and answer with info; the
// server resolves c through a fresh cache and returns the outcome.
func resolveFromLiar(t *testing.T, c disco.Caps, info disco.Info) (*disco.CapsCache, disco.Info, error) {
	t.Helper()
	_, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(liar(info)), nil))
	cache := disco.NewCapsCache(0)
	got, err := cache.Resolve(testContext(t), server, server.RemoteAddr(), c)
	return cache, got, err
}

func TestBadInput_B15_BadVer(t *testing.T) {
	honest := entity("Canto")
	c, err := honest.Caps()
	if err != nil {
		t.Fatal(err)
	}
	// The liar copies an honest client's caps but claims other features.
	forged := honest.Info()
	forged.Features = append(forged.Features, "urn:xmpp:forged")
	cache, got, err := resolveFromLiar(t, c, forged)
	if !errors.Is(err, disco.ErrCapsMismatch) || cache.Len() != 0 {
		t.Fatalf("forged answer: %v, cache holds %d", err, cache.Len())
	}
	if !got.HasFeature("urn:xmpp:forged") {
		t.Error("the unverified answer is not returned for the liar itself")
	}
	if _, ok := cache.Lookup(c); ok {
		t.Error("the forged answer was cached")
	}
	// The same ver from an honest entity is then verified and cached.
	_, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(honest.Handle()), nil))
	if info, err := cache.Resolve(testContext(t), server, server.RemoteAddr(), c); err != nil || info.HasFeature("urn:xmpp:forged") {
		t.Errorf("honest answer: %+v, %v", info, err)
	}
	if info, ok := cache.Lookup(c); !ok || info.HasFeature("urn:xmpp:forged") {
		t.Errorf("after the honest answer: %+v, %v", info, ok)
	}
}

func TestBadInput_B15_MalformedVer(t *testing.T) {
	info := entity("Canto").Info()
	for _, ver := range []string{"not base64!", "", strings.Repeat("A", 1000)} {
		c := disco.Caps{Hash: "sha-1", Node: "n", Ver: ver}
		if err := c.Verify(info); !errors.Is(err, disco.ErrCapsMismatch) {
			t.Errorf("ver %.20q: got %v, want ErrCapsMismatch", ver, err)
		}
	}
	for _, in := range []string{
		`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n'/>`,
		`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' ver='v'/>`,
		`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='' ver='v'/>`,
	} {
		if _, err := disco.ParseCaps(xmpptest.Element(t, in)); !errors.Is(err, disco.ErrCapsElement) {
			t.Errorf("%s: got %v, want ErrCapsElement", in, err)
		}
	}
}

func TestBadInput_B15_MissingHash(t *testing.T) {
	info := entity("Canto").Info()
	c := capsOf(t, info)
	c.Hash = "" // the legacy format: the right ver, but nothing says how it was made
	parsed, err := disco.ParseCaps(xmpptest.Element(t, `<c xmlns='http://jabber.org/protocol/caps' node='`+c.Node+`' ver='`+c.Ver+`'/>`))
	if err != nil || parsed != c {
		t.Fatalf("ParseCaps: %+v, %v", parsed, err)
	}
	cache, _, err := resolveFromLiar(t, c, info)
	if !errors.Is(err, disco.ErrCapsNoHash) || cache.Len() != 0 {
		t.Errorf("got %v, cache holds %d; want ErrCapsNoHash and nothing cached", err, cache.Len())
	}
}

func TestBadInput_B15_UnsupportedHash(t *testing.T) {
	info := entity("Canto").Info()
	c := capsOf(t, info)
	c.Hash = "md5"
	cache, got, err := resolveFromLiar(t, c, info)
	if !errors.Is(err, disco.ErrCapsHash) || cache.Len() != 0 || !got.HasFeature("urn:xmpp:ping") {
		t.Errorf("got %v, cache holds %d; want ErrCapsHash, the answer for that entity alone", err, cache.Len())
	}
}

func TestBadInput_B15_Duplicates(t *testing.T) {
	client := disco.Identity{Category: "client", Type: "pc", Name: "Canto"}
	features := []string{disco.NSInfo, "urn:xmpp:ping"}
	softwareInfo := form.Form{Type: form.TypeResult, Fields: []form.Field{form.HiddenFormType("urn:xmpp:dataforms:softwareinfo")}}
	for _, tc := range []struct {
		name string
		info disco.Info
	}{
		{"identity", disco.Info{Identities: []disco.Identity{client, client}, Features: features}},
		{"feature", disco.Info{Identities: []disco.Identity{client}, Features: append(features, "urn:xmpp:ping")}},
		{"form type", disco.Info{Identities: []disco.Identity{client}, Features: features, Forms: []form.Form{softwareInfo, softwareInfo}}},
		{"FORM_TYPE values", disco.Info{Identities: []disco.Identity{client}, Features: features, Forms: []form.Form{{
			Type: form.TypeResult, Fields: []form.Field{{Var: "FORM_TYPE", Type: form.Hidden, Values: []string{"urn:a", "urn:b"}}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The ver a naive generator computes over the duplicates: it
			// matches (for the identity and feature cases), and must still
			// be refused.
			c := disco.Caps{Hash: "sha-1", Node: "n", Ver: naiveVer(tc.info.Identities, tc.info.Features)}
			cache, _, err := resolveFromLiar(t, c, tc.info)
			if !errors.Is(err, disco.ErrCapsIllFormed) || cache.Len() != 0 {
				t.Errorf("got %v, cache holds %d; want ErrCapsIllFormed and nothing cached", err, cache.Len())
			}
		})
	}
}

// TestBadInput_B15_NoAnswer: an entity that answers with an error gives
// nothing to cache.
func TestBadInput_B15_NoAnswer(t *testing.T) {
	_, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(), nil))
	cache := disco.NewCapsCache(0)
	c := capsOf(t, exodus)
	info, err := cache.Resolve(testContext(t), server, server.RemoteAddr(), c)
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) || cache.Len() != 0 || info.Features != nil {
		t.Errorf("got %+v, %v; cache holds %d", info, err, cache.Len())
	}
	if _, err := cache.Resolve(testContext(t), server, jid.MustParse("nobody@example.net/x"), c); err == nil {
		t.Error("resolving from an entity not on this stream succeeded")
	}
}
