package lastactivity

import (
	"context"
	"encoding/xml"
	"errors"
	"strconv"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0012; Name, its <query/> element.
const NS = "jabber:iq:last"

var Name = xml.Name{Space: NS, Local: "query"}

// ErrInvalid refuses all but a <query/> with seconds (§2) under 292 years.
var ErrInvalid = errors.New("lastactivity: not a jabber:iq:last <query/> with valid seconds")

// Info is the <query/> of a result, named after what it carries.
type Info struct {
	Elapsed time.Duration // since the last activity; whole seconds on the wire, negative as 0
	Status  string        // the last unavailable presence's status; empty for none
}

// WriteXML writes i as the <query/> of a result.
func (i Info) WriteXML(w xmlstream.Encoder) error {
	secs := strconv.FormatInt(int64(max(0, i.Elapsed)/time.Second), 10)
	err := w.Start(Name, xml.Attr{Name: xml.Name{Local: "seconds"}, Value: secs})
	if err == nil && i.Status != "" {
		err = w.Text(i.Status)
	}
	if err != nil {
		return err
	}
	return w.End()
}

// Parse reads the <query/> of a result.
func Parse(el *xmlstream.Element) (Info, error) {
	n, err := strconv.ParseInt(el.Attr("seconds"), 10, 64)
	if el.Name() != Name || err != nil || n < 0 || n > int64(time.Duration(1<<63-1)/time.Second) {
		return Info{}, ErrInvalid
	}
	return Info{Elapsed: time.Duration(n) * time.Second, Status: el.Text()}, nil
}

// Get asks the entity to (zero: the account's server) for its last activity.
func Get(ctx context.Context, s *xmpp.Session, to jid.JID) (Info, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: to}, nil, Name, Parse)
}

// Handler answers with the time since Since (a client's last input, a
// service's start; nil answers 0) where Handle routes it, or disco lists it.
type Handler struct{ Since func() time.Time }

// Handle returns the mux route for IQ get <query xmlns='jabber:iq:last'/>.
func (h Handler) Handle() mux.Option { return mux.Get(Name, mux.IQResponderFunc(h.respond)) }

// DiscoFeatures returns the feature XEP-0012 §6 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{NS} }

func (h Handler) respond(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	if h.Since == nil {
		return Info{}, nil
	}
	return Info{Elapsed: time.Since(h.Since())}, nil
}
