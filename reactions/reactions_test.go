package reactions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/reactions"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const id = "744f6e18-a57a-11e9-a656-4889e7820c76"

func TestWire(t *testing.T) {
	many := `<reactions xmlns='urn:xmpp:reactions:0' id='x'>` + strings.Repeat(`<reaction>👍</reaction>`, reactions.MaxReactions+1) + `</reactions>`
	xmpptest.RunWire(t, reactions.Parse, []xmpptest.WireCase[reactions.Reactions]{
		// XEP-0444 §3.1, example 4; §3.2, examples 5 and 6.
		{Name: "one", XML: `<reactions id='` + id + `' xmlns='urn:xmpp:reactions:0'><reaction>👋</reaction></reactions>`,
			Value: reactions.Reactions{ID: id, Emoji: []string{"👋"}}},
		{Name: "two", XML: `<reactions id='` + id + `' xmlns='urn:xmpp:reactions:0'><reaction>👋</reaction><reaction>🐢</reaction></reactions>`,
			Value: reactions.Reactions{ID: id, Emoji: []string{"👋", "🐢"}}},
		{Name: "withdraw all", XML: `<reactions id='` + id + `' xmlns='urn:xmpp:reactions:0'/>`, Value: reactions.Reactions{ID: id}},
		// §3.3, example 8.
		{Name: "hearts", XML: `<reactions id='restricted-reactions-1' xmlns='urn:xmpp:reactions:0'><reaction>💘</reaction><reaction>💜</reaction></reactions>`,
			Value: reactions.Reactions{ID: "restricted-reactions-1", Emoji: []string{"💘", "💜"}}},
		{Name: "duplicates ignored", XML: `<reactions xmlns='urn:xmpp:reactions:0' id='x'><reaction>👍</reaction><reaction>👍</reaction></reactions>`,
			Value: reactions.Reactions{ID: "x", Emoji: []string{"👍"}}, ParseOnly: true},
		{Name: "non-emoji ignored", XML: `<reactions xmlns='urn:xmpp:reactions:0' id='x'><reaction>+1</reaction><reaction/><reaction>👍<b/></reaction><reaction>🇫🇷</reaction><x xmlns='urn:y'>z</x></reactions>`,
			Value: reactions.Reactions{ID: "x", Emoji: []string{"🇫🇷"}}, ParseOnly: true},
		{Name: "no id", XML: `<reactions xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction></reactions>`, WantErr: reactions.ErrNoID},
		{Name: "too many", XML: many, WantErr: reactions.ErrTooMany},
		{Name: "wrong namespace", XML: `<reactions xmlns='urn:xmpp:reactions:1' id='x'/>`, WantErr: reactions.ErrNotReactions},
		{Name: "write a word", Value: reactions.Reactions{ID: "x", Emoji: []string{"lol"}}, WantErr: reactions.ErrNotEmoji},
		{Name: "write twice", Value: reactions.Reactions{ID: "x", Emoji: []string{"👍", "👍"}}, WantErr: reactions.ErrDuplicate},
		{Name: "write without id", Value: reactions.Reactions{Emoji: []string{"👍"}}, WantErr: reactions.ErrNoID},
	})
}

func TestValid(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"👋", true}, {"❤️", true}, {"❤", true}, {"👍🏽", true}, {"🇫🇷", true},
		{"1️⃣", true}, {"#⃣", true}, {"©️", true},
		{"🏳️‍🌈", true},                                                          // ZWJ sequence with a presentation selector
		{"👩🏻‍❤️‍💋‍👨🏼", true},                                                    // the longest kind: 10 code points
		{"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", true}, // England, a tag sequence
		{"", false}, {"a", false}, {"1", false}, {"+1", false}, {"👍👍", false}, {"👍 ", false},
		{"🇫", false}, {"🇫🇷🇩", false}, {"👍\u200d", false}, {"\u200d👍", false},
		{"🏴\U000E0067", false}, // tags without cancel
		{"é", false}, {"\uFE0F", false}, {"😀\uFE0E", false},
		{strings.Repeat("😀\u200d", 11) + "😀", false},
		{"\xff", false},
	} {
		if got := reactions.Valid(tc.s); got != tc.want {
			t.Errorf("Valid(%+q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// New writes the message of §3.1, example 4 (with a new id).
func TestNew(t *testing.T) {
	m := reactions.New(jid.MustParse("romeo@capulet.net/orchard"), stanza.ChatMessage, id, "👋")
	m.Header.ID = "7fdd29fa-a57a-11e9-b04a-4889e7820c76"
	want := `<message xmlns='jabber:client' to='romeo@capulet.net/orchard' id='7fdd29fa-a57a-11e9-b04a-4889e7820c76' type='chat'>` +
		`<reactions id='` + id + `' xmlns='urn:xmpp:reactions:0'><reaction>👋</reaction></reactions><store xmlns="urn:xmpp:hints"/></message>`
	got := strings.Replace(xmpptest.MarshalIn(t, stanza.NSClient, m), "<message", "<message xmlns='jabber:client'", 1)
	if same, err := xmpptest.SameXML(got, want); err != nil || !same {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAllowed(t *testing.T) {
	self, peer := jid.MustParse("juliet@capulet.net/balcony"), jid.MustParse("romeo@capulet.net")
	for _, tc := range []struct {
		from string
		want bool
	}{
		{"romeo@capulet.net/orchard", true}, {"juliet@capulet.net/phone", true},
		{"tybalt@capulet.net/x", false}, {"capulet.net", false},
	} {
		if got := reactions.Allowed(jid.MustParse(tc.from), self, peer); got != tc.want {
			t.Errorf("Allowed(%s) = %v", tc.from, got)
		}
	}
	if reactions.Allowed(jid.JID{}, self, peer) {
		t.Error("zero sender allowed")
	}
}

func TestSummary(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var s reactions.Summary
	steps := []struct {
		sender string
		emoji  []string
		at     time.Time
		want   bool
	}{
		{"romeo@x", []string{"👋"}, t0, true},
		{"juliet@x", []string{"👋", "🐢", "👋"}, t0.Add(time.Second), true},
		{"romeo@x", []string{"👋", "🐢"}, t0.Add(2 * time.Second), true},
		// A delayed set older than romeo's latest is ignored (§4.1).
		{"romeo@x", nil, t0.Add(time.Second / 2), false},
		{"nurse@x", []string{"💘"}, t0, true},
		{"nurse@x", nil, t0.Add(time.Minute), true},
		{"tybalt@x", []string{"👋"}, t0, true},
	}
	for i, st := range steps {
		if got := s.Update(st.sender, st.emoji, st.at); got != st.want {
			t.Errorf("step %d: Update = %v, want %v", i, got, st.want)
		}
	}
	got := s.Counts()
	want := []reactions.Count{{Emoji: "👋", Senders: []string{"juliet@x", "romeo@x", "tybalt@x"}}, {Emoji: "🐢", Senders: []string{"juliet@x", "romeo@x"}}}
	if len(got) != len(want) {
		t.Fatalf("Counts = %+v", got)
	}
	for i := range got {
		if got[i].Emoji != want[i].Emoji || strings.Join(got[i].Senders, ",") != strings.Join(want[i].Senders, ",") {
			t.Errorf("Counts[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if of := s.Of("juliet@x"); strings.Join(of, "") != "👋🐢" {
		t.Errorf("Of = %q", of)
	}
	if of := s.Of("nurse@x"); of != nil {
		t.Errorf("withdrawn reactions remain: %q", of)
	}
}

// Reactions cross a real session to the Handler, with a delay stamp when
// the message carries one; error messages and malformed payloads do not.
func TestHandler(t *testing.T) {
	type got struct {
		r    reactions.Reactions
		sent time.Time
	}
	ch := make(chan got, 4)
	h := reactions.Handler{React: func(_ context.Context, from jid.JID, typ stanza.MessageType, r reactions.Reactions, sent time.Time) error {
		ch <- got{r, sent}
		return nil
	}}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(h.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, raw := range []string{
		`<message type='error'><reactions xmlns='urn:xmpp:reactions:0' id='e'/></message>`,
		`<message type='chat'><reactions xmlns='urn:xmpp:reactions:0'/></message>`,
		`<message type='chat'><reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>🐢</reaction></reactions><delay xmlns='urn:xmpp:delay' stamp='2019-07-11T10:00:00Z'/></message>`,
	} {
		if err := client.Send(ctx, xmlstream.Marshaler(xmpptest.ElementIn(t, stanza.NSClient, raw))); err != nil {
			t.Fatal(err)
		}
	}
	if err := client.Send(ctx, reactions.New(server.LocalAddr(), stanza.ChatMessage, "m2", "👍")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"m1", "m2"} {
		select {
		case g := <-ch:
			if g.r.ID != want {
				t.Fatalf("got %+v, want id %s", g, want)
			}
			if i == 0 && !g.sent.Equal(time.Date(2019, 7, 11, 10, 0, 0, 0, time.UTC)) {
				t.Errorf("sent = %v, want the delay stamp", g.sent)
			}
		case <-ctx.Done():
			t.Fatalf("no reaction %s", want)
		}
	}
}
