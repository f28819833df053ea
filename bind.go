package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSBind is the resource binding namespace (RFC 6120 §7).
const NSBind = "urn:ietf:params:xml:ns:xmpp-bind"

var bindName = xml.Name{Space: NSBind, Local: "bind"}

// ResourceAssigner decides, on the receiving side, which resource a client
// gets. requested is what the client asked for ("" to let the server
// choose). It returns the resource to bind, or a [stanza.Error] such as
// conflict or not-allowed to refuse (RFC 6120 §7.6.2).
type ResourceAssigner func(ctx context.Context, client jid.JID, requested string) (string, error)

// BindResource returns the resource binding feature (RFC 6120 §7).
//
// The initiating side asks for the resourcepart of the JID it connects as,
// or lets the server choose when there is none, and the session's LocalAddr
// becomes the full JID the server bound. The receiving side grants the
// requested resource, or a random one when none was requested; use
// [BindResourceWith] to decide otherwise (for example on conflicts).
func BindResource() StreamFeature { return bindResource{} }

// BindResourceWith is [BindResource] with the receiving side's choice of
// resource made by assign.
func BindResourceWith(assign ResourceAssigner) StreamFeature { return bindResource{assign: assign} }

type bindResource struct{ assign ResourceAssigner }

func (bindResource) Name() xml.Name { return bindName }

func (bindResource) States() (needs, excludes, provides State) { return Authenticated, Bound, Bound }

func (bindResource) Advertise(_ context.Context, n *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	if raw := n.rawWriter(w); raw != nil {
		return true, true, raw.WriteRaw([]byte(bindOffer))
	}
	return true, true, w.EmptyElement(bindName)
}

func (f bindResource) Negotiate(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	if n.State().Has(Received) {
		return f.receive(ctx, n, el)
	}
	return f.initiate(ctx, n)
}

// bindRequest is the client's <iq type='set'><bind><resource/></bind></iq>.
type bindRequest struct {
	iq       stanza.IQ
	resource string
}

func (r bindRequest) WriteXML(w xmlstream.Encoder) error {
	if err := r.iq.WriteStart(w); err != nil {
		return err
	}
	if err := w.Start(bindName); err != nil {
		return err
	}
	if r.resource != "" {
		if err := w.TextElement(xml.Name{Space: NSBind, Local: "resource"}, r.resource); err != nil {
			return err
		}
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

func (bindResource) initiate(ctx context.Context, n *Negotiation) (FeatureResult, error) {
	id := stanza.NewID()
	req := bindRequest{iq: stanza.IQ{ID: id, Type: stanza.SetIQ}, resource: n.Local().Resourcepart()}
	if err := n.s.sendBindRequest(ctx, req); err != nil {
		return FeatureResult{}, err
	}
	// Nothing of el is kept (its strings stay valid): the next read
	// reuses it.
	el, err := n.readOwn()
	if err != nil {
		return FeatureResult{}, err
	}
	if k, _ := stanza.KindOf(el.Name()); k != stanza.KindIQ || el.Attr("id") != id {
		return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> in answer to resource binding", el.Name().Local)
	}
	if err := responseError(el); err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: resource binding: %w", err)
	}
	b, ok := el.Child(NSBind, "bind")
	if !ok {
		return FeatureResult{}, errors.New("xmpp: resource binding result without <bind/>")
	}
	j, ok := b.Child(NSBind, "jid")
	if !ok {
		return FeatureResult{}, errors.New("xmpp: resource binding result without <jid/>")
	}
	full, err := boundJID(j.Text(), n.Local())
	if err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: bound JID: %w", err)
	}
	if full.Resourcepart() == "" || (n.Local().Localpart() != "" && full.Bare() != n.Local().Bare()) {
		return FeatureResult{}, fmt.Errorf("xmpp: server bound %s, which is not a full JID of %s", full, n.Local().Bare())
	}
	return FeatureResult{Add: Bound, Local: full}, nil
}

// boundJID parses the JID the server bound. The one asked for usually
// comes back as it was sent: written exactly as that JID's normalised
// string, it is that JID and need not be parsed again.
func boundJID(s string, asked jid.JID) (jid.JID, error) {
	if s != "" && s == asked.String() {
		return asked, nil
	}
	return jid.Parse(s)
}

func (f bindResource) receive(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	h, err := stanza.ParseHeader(el)
	if err == nil && h.IQType() != stanza.SetIQ {
		err = stanza.NewError(stanza.BadRequest)
	}
	var full jid.JID
	if err == nil {
		full, err = f.bind(ctx, n, el)
	}
	if err != nil {
		var se stanza.Error
		if !errors.As(err, &se) {
			se = stanza.NewError(stanza.InternalServerError)
		}
		// The client may try again (RFC 6120 §7.6.2); negotiation goes on.
		return FeatureResult{}, n.Send(ctx, errorReplyTo(el, se))
	}
	reply := bindResult{iq: stanza.IQ{ID: h.ID, Type: stanza.ResultIQ}, jid: full}
	return FeatureResult{Add: Bound, Remote: full}, n.s.sendBindResult(ctx, reply)
}

// bind picks the resource and builds the full JID.
func (f bindResource) bind(ctx context.Context, n *Negotiation, el *xmlstream.Element) (jid.JID, error) {
	client := n.Remote()
	requested := ""
	if b, ok := el.Child(NSBind, "bind"); ok {
		if r, ok := b.Child(NSBind, "resource"); ok {
			requested = r.Text()
		}
	}
	resource := requested
	if f.assign != nil {
		var err error
		if resource, err = f.assign(ctx, client, requested); err != nil {
			return jid.JID{}, err
		}
	}
	if resource == "" {
		resource = stanza.NewID()
	}
	full, err := client.WithResource(resource) // client's parts were checked at SASL
	if err != nil {
		return jid.JID{}, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "invalid resource"}
	}
	return full, nil
}

// bindResult is the server's <iq type='result'><bind><jid/></bind></iq>.
type bindResult struct {
	iq  stanza.IQ
	jid jid.JID
}

func (r bindResult) WriteXML(w xmlstream.Encoder) error {
	if err := r.iq.WriteStart(w); err != nil {
		return err
	}
	if err := w.Start(bindName); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NSBind, Local: "jid"}, r.jid.String()); err != nil {
		return err
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

// errorReplyTo is a Marshaler writing the error reply to el.
func errorReplyTo(el *xmlstream.Element, se stanza.Error) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error { return stanza.WriteErrorReply(w, el, se) })
}
