package disco_test

import (
	"bytes"
	"context"
	"encoding/xml"
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

func mustRead(tb testing.TB, s string) *xmlstream.Element {
	tb.Helper()
	el, err := readElement(s)
	if err != nil {
		tb.Fatalf("reading %q: %v", s, err)
	}
	return el
}

func marshal(m xmlstream.Marshaler) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	err := w.Flush()
	return buf.String(), err
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

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func xmlName(space, local string) xml.Name { return xml.Name{Space: space, Local: local} }

func xmlAttr(local, value string) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: local}, Value: value}
}

// textEl writes <local>text</local> in the namespace in scope.
func textEl(w xmlstream.Encoder, local, text string) error {
	if err := w.Start(xml.Name{Local: local}); err != nil {
		return err
	}
	if err := w.Text(text); err != nil {
		return err
	}
	return w.End()
}

// rawPayload is a payload given as XML text, for requests this package
// would not send.
func rawPayload(s string) xmlstream.Marshaler {
	el, err := readElement(s)
	if err != nil {
		panic(err)
	}
	return el
}
