package upload_test

import (
	"context"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/upload"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

var (
	serverDomain = jid.MustParse("example.net")
	uploadDomain = jid.MustParse("upload.example.net")
)

// rig is a client of example.net whose server routes to an upload
// service connected as a real XEP-0114 component, with the service's HTTP
// side on an httptest TLS server.
type rig struct {
	svc    *upload.Service
	http   *httptest.Server
	comp   *xmpp.Session // the server's end of the component stream
	client *xmpp.Session // juliet@example.net/…
	server *mux.ServeMux // what example.net itself answers
}

// newRig starts the rig; cfg's Domain and BaseURL are filled in.
func newRig(t *testing.T, cfg upload.ServiceConfig) *rig {
	t.Helper()
	r := &rig{http: httptest.NewUnstartedServer(nil)}
	cfg.Domain = uploadDomain
	cfg.BaseURL = "https://" + r.http.Listener.Addr().String() + "/files/"
	svc, err := upload.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.svc = svc
	r.http.Config.Handler = svc
	r.http.StartTLS()
	t.Cleanup(r.http.Close)
	r.comp = componentPair(t, svc)
	r.server = mux.New(disco.Handler{
		Identities: []disco.Identity{{Category: "server", Type: "im"}},
		Items:      []disco.Item{{JID: jid.MustParse("conference.example.net")}, {JID: uploadDomain}},
	}.Handle())
	r.client, _ = xmpptest.Pair(t, xmpptest.Handlers(nil, xmpp.HandlerFunc(r.route)))
	return r
}

// route is the server: IQs to the upload domain go to the component with
// the client's full JID as 'from'; the server itself answers disco with
// the component among its items.
func (r *rig) route(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.To != uploadDomain {
		return r.server.HandleXMPP(ctx, s, st)
	}
	var child *xmlstream.Element
	for c := range st.Element.Children() {
		child = c
		break
	}
	res, err := r.comp.SendIQ(ctx, stanza.IQ{Type: st.Header.IQType(), From: s.RemoteAddr(), To: uploadDomain}, child)
	if err != nil {
		return err
	}
	for c := range res.Children() {
		return s.Send(ctx, st.Header.IQ().Result().Wrap(c))
	}
	return s.Send(ctx, st.Header.IQ().Result().Wrap(nil))
}

// componentPair connects svc as the component upload.example.net and
// returns the server's end.
func componentPair(t *testing.T, svc *upload.Service) *xmpp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, b := net.Pipe()
	done := make(chan *xmpp.Session, 1)
	go func() {
		s, err := component.Receive(ctx, b, xmpp.Config{}, func(d jid.JID) (string, bool) { return "s3cret", d == uploadDomain })
		if err != nil {
			t.Error(err)
		}
		done <- s
	}()
	comp, err := component.NewSession(ctx, uploadDomain, "s3cret", a, xmpp.Config{Handler: svc})
	srv := <-done
	if err != nil || srv == nil {
		t.Fatalf("component: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = comp.Close(ctx)
		_ = srv.Close(ctx)
	})
	return srv
}
