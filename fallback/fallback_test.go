package fallback_test

import (
	"testing"

	"github.com/canto-im/xmpp/fallback"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, fallback.Parse, []xmpptest.WireCase[fallback.Fallback]{
		// XEP-0428 §2.2 and XEP-0461 §3.1.
		{Name: "reply quote", XML: `<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='33'/></fallback>`,
			Value: fallback.Fallback{For: "urn:xmpp:reply:0", Bodies: []fallback.Region{{Start: 0, End: 33}}}},
		// XEP-0424 §3: no children, the whole body.
		{Name: "whole message", XML: `<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/>`,
			Value: fallback.Fallback{For: "urn:xmpp:message-retract:1"}},
		{Name: "subject and whole body", XML: `<fallback xmlns='urn:xmpp:fallback:0' for='urn:x'><subject start='2' end='4'/><body/></fallback>`,
			Value: fallback.Fallback{For: "urn:x", Bodies: []fallback.Region{{}}, Subjects: []fallback.Region{{Start: 2, End: 4}}}},
		{Name: "no for", XML: `<fallback xmlns='urn:xmpp:fallback:0'/>`, Value: fallback.Fallback{}},
		{Name: "foreign child ignored", XML: `<fallback xmlns='urn:xmpp:fallback:0' for='urn:x'><body xmlns='urn:other' start='1'/></fallback>`,
			Value: fallback.Fallback{For: "urn:x"}, ParseOnly: true},
		{Name: "wrong element", XML: `<fallback xmlns='urn:other'/>`, WantErr: fallback.ErrNotFallback},
		{Name: "start only", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body start='1'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "end only", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body end='1'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "empty region", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body start='3' end='3'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "inverted", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body start='5' end='3'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "negative", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body start='-1' end='3'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "huge", XML: `<fallback xmlns='urn:xmpp:fallback:0'><body start='0' end='99999999999'/></fallback>`, WantErr: fallback.ErrBadRegion},
		{Name: "write inverted", Value: fallback.Fallback{Bodies: []fallback.Region{{Start: 4, End: 2}}}, WantErr: fallback.ErrBadRegion},
	})
}

func TestTooManyRegions(t *testing.T) {
	s := `<fallback xmlns='urn:xmpp:fallback:0'>`
	for range fallback.MaxRegions + 1 {
		s += `<body/>`
	}
	if _, err := fallback.Parse(xmpptest.Element(t, s+`</fallback>`)); err != fallback.ErrBadRegion {
		t.Fatalf("err = %v, want ErrBadRegion", err)
	}
}

func TestStrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		rs   []fallback.Region
		want string
	}{
		{"none", "hello", nil, "hello"},
		{"prefix", "> quote\nreply", []fallback.Region{{Start: 0, End: 8}}, "reply"},
		{"code points not bytes", "> 💘\nok", []fallback.Region{{Start: 0, End: 4}}, "ok"},
		{"two regions out of order", "aXXbYYc", []fallback.Region{{Start: 4, End: 6}, {Start: 1, End: 3}}, "abc"},
		{"adjacent", "abcd", []fallback.Region{{Start: 0, End: 2}, {Start: 2, End: 3}}, "d"},
		{"whole", "all of it", []fallback.Region{{Start: 1, End: 2}, {}}, ""},
		{"past the end ignored", "short", []fallback.Region{{Start: 0, End: 9}}, "short"},
		{"overlap ignored", "abcdef", []fallback.Region{{Start: 0, End: 3}, {Start: 2, End: 4}}, "abcdef"},
	} {
		if got := fallback.Strip(tc.text, tc.rs); got != tc.want {
			t.Errorf("%s: Strip(%q, %v) = %q, want %q", tc.name, tc.text, tc.rs, got, tc.want)
		}
	}
}

func TestFor(t *testing.T) {
	msg := xmpptest.ElementIn(t, "jabber:client", `<message><body>> a\nb</body>`+
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='4'/></fallback>`+
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:other'/>`+
		`<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='9'/></fallback></message>`)
	fs := fallback.For(msg, "urn:xmpp:reply:0")
	if len(fs) != 1 || len(fs[0].Bodies) != 1 || fs[0].Bodies[0] != (fallback.Region{Start: 0, End: 4}) {
		t.Fatalf("For = %+v", fs)
	}
	if rs := fallback.BodyRegions(fallback.For(msg, "urn:other")); len(rs) != 1 || !rs[0].Whole() {
		t.Errorf("a fallback without children covers the body: %v", rs)
	}
}
