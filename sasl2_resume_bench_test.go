package xmpp_test

import (
	"context"
	"crypto/tls"
	"io"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sm"
)

// benchmarkReconnectResume is BenchmarkReconnect's resumption of an
// XEP-0198 stream: RFC 6120 (SCRAM, restart, <resume/>) against SASL2
// with a FAST token and the resumption inline. The stream to resume is
// made, and its connection killed, outside the timer. The test of the
// core's inline seam uses the real stream management package here, as
// the only way to measure what it is for.
func benchmarkReconnectResume(b *testing.B, w *fastWorld) {
	origin := jid.MustParse("juliet@example.net")
	cfg := sm.Config{}
	srv := sm.NewServer(sm.ServerConfig{})
	b.Cleanup(srv.Close)
	rfcServer := []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource(), srv.Feature()}
	sasl2Server := append(w.serverFeatures(func(c *xmpp.SASL2ServerConfig) {
		c.Inline = []xmpp.SASL2Inline{srv.InlineResume(), xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{srv.Bind2()}})}
	}), srv.Feature())
	sasl2Client := func(password string, prev *sm.State) []xmpp.StreamFeature {
		return append(w.clientFeatures(password, func(c *xmpp.SASL2Config) {
			c.Inline = []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "canto", Features: []xmpp.BindFeature{sm.Bind2(cfg)}})}
			if prev != nil {
				c.Inline = append([]xmpp.SASL2Inline{sm.InlineResume(prev, cfg)}, c.Inline...)
			}
		}), sm.Feature(cfg))
	}
	for _, bc := range []struct {
		name          string
		setup, server []xmpp.StreamFeature
		resume        func(*sm.State) []xmpp.StreamFeature
	}{
		{"RFC6120-SCRAM-resume",
			[]xmpp.StreamFeature{xmpp.SASL("", "secret"), xmpp.BindResource(), sm.Feature(cfg)}, rfcServer,
			func(st *sm.State) []xmpp.StreamFeature {
				return []xmpp.StreamFeature{xmpp.SASL("", "secret"), sm.ResumeFeature(st, cfg), xmpp.BindResource(), sm.Feature(cfg)}
			}},
		{"SASL2-FAST-inline-resume", sasl2Client("secret", nil), sasl2Server,
			func(st *sm.State) []xmpp.StreamFeature { return sasl2Client("", st) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var trips int
			for b.Loop() {
				b.StopTimer()
				st := droppedStream(b, w, origin, bc.setup, bc.server)
				b.StartTimer()
				r := connectTLS(b, w.env, origin, bc.resume(st), bc.server, xmpp.Config{}, xmpp.Config{})
				if r.err != nil {
					b.Fatal(r.err)
				}
				if !sm.IsResumed(r.client) || !sm.IsResumed(r.server) {
					b.Fatal("not resumed")
				}
				if i, ok := xmpp.SASL2Of(r.client); ok && !i.Pipelined {
					b.Fatal("the FAST resumption was not pipelined")
				}
				trips = r.trips
				b.StopTimer()
				closeBoth(r)
				b.StartTimer()
			}
			b.ReportMetric(float64(trips), "round-trips")
		})
	}
}

// droppedStream logs in with stream management enabled, kills the
// connection and returns the stream's state, kept by the server.
func droppedStream(b *testing.B, w *fastWorld, origin jid.JID, client, server []xmpp.StreamFeature) *sm.State {
	var conn *tls.Conn
	r := connectTLSWrap(b, w.env, origin, client, server, xmpp.Config{}, xmpp.Config{}, func(c *tls.Conn) io.ReadWriter {
		conn = c
		return c
	})
	if r.err != nil {
		b.Fatal(r.err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := sm.WaitEnabled(ctx, r.client); err != nil {
		b.Fatal(err)
	}
	conn.Close()
	for _, s := range []*xmpp.Session{r.client, r.server} {
		select {
		case <-s.Done():
		case <-ctx.Done():
			b.Fatal("the dropped session did not end")
		}
	}
	st, err := sm.Ended(r.client)
	if err != nil || !st.Resumable() {
		b.Fatalf("state %+v, %v", st, err)
	}
	return st
}
