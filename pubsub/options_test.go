package pubsub_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var francisco = jid.MustParse("francisco@denmark.lit")

func TestOptionsWire(t *testing.T) {
	deliver := form.Field{Var: "pubsub#deliver", Type: form.Boolean, Label: "Enable delivery?", Values: []string{"1"}}
	xmpptest.RunWire(t, pubsub.ParseOptions, []xmpptest.WireCase[pubsub.Options]{
		// §6.3.2 Example 57.
		{Name: "request", XML: `<options xmlns='http://jabber.org/protocol/pubsub' node='princely_musings' jid='francisco@denmark.lit'/>`,
			Value: pubsub.Options{Node: "princely_musings", JID: francisco}},
		// §6.3.3 Example 58, one field.
		{Name: "form", XML: `<options xmlns='http://jabber.org/protocol/pubsub' node='princely_musings' jid='francisco@denmark.lit' subid='ba49252aaa4f5d320c24d3766f0bdcade78c78d3'>` +
			`<x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#subscribe_options</value></field>` +
			`<field var='pubsub#deliver' type='boolean' label='Enable delivery?'><value>1</value></field></x></options>`,
			Value: pubsub.Options{Node: "princely_musings", JID: francisco, SubID: "ba49252aaa4f5d320c24d3766f0bdcade78c78d3",
				Form: &form.Form{Type: form.TypeForm, Fields: []form.Field{form.HiddenFormType(pubsub.NSSubscribeOptions), deliver}}}},
		{Name: "empty", XML: `<options xmlns='http://jabber.org/protocol/pubsub'/>`, Value: pubsub.Options{}},
		{Name: "bad jid", XML: `<options xmlns='http://jabber.org/protocol/pubsub' jid='@'/>`, WantErr: pubsub.ErrInvalid},
		{Name: "bad form", XML: `<options xmlns='http://jabber.org/protocol/pubsub'><x xmlns='jabber:x:data' type='x'/></options>`, WantErr: xmpptest.ErrAny},
		{Name: "owner namespace", XML: `<options xmlns='http://jabber.org/protocol/pubsub#owner'/>`, WantErr: pubsub.ErrInvalid},
	})
}

// optionsService keeps subscription options per node for one subscriber,
// as §6.3 describes: a form to get, submissions to set, errors for a
// subscriber that is not subscribed.
type optionsService struct {
	mu      sync.Mutex
	deliver map[string]string // node → pubsub#deliver; absent: not subscribed
}

func (o *optionsService) get(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	opts, err := pubsub.ParseOptions(only(st, pubsub.NS))
	if err != nil || opts.JID.IsZero() {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	if _, ok := o.deliver[opts.Node]; !ok {
		return nil, stanza.NewError(stanza.UnexpectedRequest)
	}
	return wrapOptions(opts.Node, francisco, o.deliver[opts.Node]), nil
}

func wrapOptions(node string, who jid.JID, deliver string) xmlstream.Marshaler {
	f := form.Form{Type: form.TypeForm, Fields: []form.Field{
		form.HiddenFormType(pubsub.NSSubscribeOptions),
		{Var: "pubsub#deliver", Type: form.Boolean, Values: []string{deliver}},
	}}
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(pubsub.Name, nil, pubsub.Options{Node: node, JID: who, Form: &f}.WriteXML)
	})
}

func (o *optionsService) set(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ps, _ := st.Element.Child(pubsub.NS, "pubsub")
	var node string
	var submitted *form.Form
	for c := range ps.Children() {
		switch c.Name().Local {
		case "subscribe":
			node = c.Attr("node")
			o.deliver[node] = "1"
		case "options":
			opts, err := pubsub.ParseOptions(c)
			if err != nil || opts.Form == nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			if opts.Node != "" {
				node = opts.Node
			}
			submitted = opts.Form
		}
	}
	if _, ok := o.deliver[node]; !ok {
		return nil, stanza.NewError(stanza.UnexpectedRequest)
	}
	if submitted != nil {
		if submitted.Type != form.TypeSubmit || submitted.FormType() != pubsub.NSSubscribeOptions {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		d, _ := submitted.Field("pubsub#deliver")
		if _, err := d.Bool(); err != nil {
			return nil, stanza.NewError(stanza.NotAcceptable)
		}
		o.deliver[node] = d.Value()
	}
	return nil, nil
}

func TestSubscriptionOptions(t *testing.T) {
	svc := &optionsService{deliver: map[string]string{}}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(
		mux.Get(pubsub.Name, mux.IQResponderFunc(svc.get)),
		mux.Set(pubsub.Name, mux.IQResponderFunc(svc.set)),
	)))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	service := jid.MustParse("pubsub.shakespeare.lit")
	notSubscribed := stanza.Error{Condition: stanza.UnexpectedRequest}

	if _, err := pubsub.SubscriptionOptions(ctx, client, service, "princely_musings", francisco, ""); !errors.Is(err, notSubscribed) {
		t.Errorf("options before subscribing: %v", err)
	}
	off := form.Form{Fields: []form.Field{{Var: "pubsub#deliver", Values: []string{"0"}}}}
	sub, err := pubsub.SubscribeWithOptions(ctx, client, service, "princely_musings", francisco, off)
	if err != nil || sub.State != "subscribed" {
		t.Fatalf("SubscribeWithOptions = %+v, %v", sub, err)
	}
	f, err := pubsub.SubscriptionOptions(ctx, client, service, "princely_musings", francisco, "")
	if d, _ := f.Field("pubsub#deliver"); err != nil || d.Value() != "0" || f.FormType() != pubsub.NSSubscribeOptions {
		t.Fatalf("options after subscribing with deliver off: %+v, %v", f, err)
	}
	on := form.Form{Fields: []form.Field{{Var: "pubsub#deliver", Values: []string{"true"}}}}
	if err := pubsub.SetSubscriptionOptions(ctx, client, service, "princely_musings", francisco, "", on); err != nil {
		t.Fatal(err)
	}
	if f, err := pubsub.SubscriptionOptions(ctx, client, service, "princely_musings", francisco, ""); err != nil {
		t.Fatal(err)
	} else if d, _ := f.Field("pubsub#deliver"); d.Value() != "true" {
		t.Errorf("deliver %q after setting it", d.Value())
	}
	bad := form.Form{Fields: []form.Field{{Var: "pubsub#deliver", Values: []string{"perhaps"}}}}
	if err := pubsub.SetSubscriptionOptions(ctx, client, service, "princely_musings", francisco, "", bad); !errors.Is(err, stanza.Error{Condition: stanza.NotAcceptable}) {
		t.Errorf("a refused value: %v", err)
	}
	for _, call := range []func() error{
		func() error {
			_, err := pubsub.SubscriptionOptions(ctx, client, service, "", jid.JID{}, "")
			return err
		},
		func() error { return pubsub.SetSubscriptionOptions(ctx, client, service, "", jid.JID{}, "", on) },
		func() error {
			_, err := pubsub.SubscribeWithOptions(ctx, client, service, "", jid.JID{}, on)
			return err
		},
	} {
		if err := call(); !errors.Is(err, pubsub.ErrNoNode) {
			t.Errorf("no node: %v", err)
		}
	}
}
