package lastactivity_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

func readElement(s string) (*xmlstream.Element, error) {
	d := xmlstream.NewDecoder(strings.NewReader(s), xmlstream.Limits{})
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		return nil, err
	}
	return &el, nil
}

func marshal(tb testing.TB, m xmlstream.Marshaler) string {
	tb.Helper()
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := m.WriteXML(w.Encoder()); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// pair connects a client and a server session with the given handlers and
// closes them when the test ends.
func pair(t *testing.T, client, server xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, s, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Mechanisms: []string{"PLAIN"},
		Client:     xmpp.Config{Handler: client},
		Server:     xmpp.Config{Handler: server},
	})
	if err != nil {
		t.Fatalf("negotiation: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = s.Close(ctx)
	})
	return c, s
}
