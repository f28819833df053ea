package disco_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

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
	el, err := xmpptest.ReadElement("", s)
	if err != nil {
		panic(err)
	}
	return el
}
