package interop

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
)

// subscriptionOptions says which servers' pubsub services keep
// subscription options. ejabberd 23.01 keeps them only with its SQL node
// plugins (flat_sql); the harness runs Mnesia, whose flat nodes answer
// feature-not-implemented and do not announce the feature, as §6.3.1 and
// §6.3.4.6 want.
var subscriptionOptions = map[string]bool{"prosody": true, "ejabberd": false}

// TestPubsubSubscriptionOptions: alice creates a node on the server's
// XEP-0060 service; bob subscribes with options in the same request
// (§6.3.7), reads his options form back (§6.3.2), changes an option
// (§6.3.5) and reads the change. pubsub#include_body is the option both
// servers offer.
func TestPubsubSubscriptionOptions(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPubSub) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		service := jid.MustParse("pubsub." + domain)
		alice := srv.loginAs(t, "alice", "", nil)
		bob := srv.loginAs(t, "bob", "", nil)
		info, err := disco.GetInfo(ctx, bob.Session, service, "")
		if err != nil {
			t.Fatalf("disco#info on %s: %v", service, err)
		}
		if info.HasFeature(pubsub.FeatureSubscriptionOptions) != subscriptionOptions[srv.name] {
			t.Errorf("%s: %s announced: %v, want %v", srv.name, pubsub.FeatureSubscriptionOptions, !subscriptionOptions[srv.name], subscriptionOptions[srv.name])
		}
		node, err := pubsub.Create(ctx, alice.Session, service, "options"+strconv.FormatInt(time.Now().UnixNano(), 36), nil)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		t.Cleanup(func() {
			cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer ccancel()
			_ = pubsub.Delete(cctx, alice.Session, service, node)
		})
		includeBody := func(v string) form.Form {
			return form.Form{Fields: []form.Field{{Var: "pubsub#include_body", Values: []string{v}}}}
		}
		read := func() bool {
			t.Helper()
			f, err := pubsub.SubscriptionOptions(ctx, bob.Session, service, node, jid.JID{}, "")
			if err != nil {
				t.Fatalf("options: %v", err)
			}
			if f.FormType() != pubsub.NSSubscribeOptions {
				t.Errorf("options form of type %q", f.FormType())
			}
			fl, ok := f.Field("pubsub#include_body")
			if !ok {
				t.Fatalf("%s's options form has no pubsub#include_body: %+v", srv.name, f.Fields)
			}
			b, err := fl.Bool()
			if err != nil {
				t.Fatalf("pubsub#include_body %v: %v", fl.Values, err)
			}
			return b
		}
		if !subscriptionOptions[srv.name] {
			if _, err := pubsub.Subscribe(ctx, bob.Session, service, node, jid.JID{}); err != nil {
				t.Fatalf("subscribe: %v", err)
			}
			_, err := pubsub.SubscriptionOptions(ctx, bob.Session, service, node, jid.JID{}, "")
			if !errors.Is(err, stanza.Error{Condition: stanza.FeatureNotImplemented}) {
				t.Errorf("%s: options: %v, want feature-not-implemented", srv.name, err)
			}
			return
		}
		sub, err := pubsub.SubscribeWithOptions(ctx, bob.Session, service, node, jid.JID{}, includeBody("1"))
		if err != nil || sub.State != "subscribed" {
			t.Fatalf("subscribe with options: %+v, %v", sub, err)
		}
		if !read() {
			t.Error("pubsub#include_body is off after subscribing with it on")
		}
		if err := pubsub.SetSubscriptionOptions(ctx, bob.Session, service, node, jid.JID{}, sub.SubID, includeBody("0")); err != nil {
			t.Fatalf("set options: %v", err)
		}
		if read() {
			t.Error("pubsub#include_body is still on after setting it off")
		}
	})
}
