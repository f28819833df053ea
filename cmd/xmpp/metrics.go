package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metricsPath is where -metrics serves the counters.
const metricsPath = "/metrics"

// serverMetric is one of the server's counts, exported under name: a
// counter (only grows, name ends in _total) or, with gauge, a level.
type serverMetric struct {
	name, help string
	gauge      bool
	value      func(*server.Server) uint64
}

// serverMetrics are what "xmpp serve -metrics" exports, each read from the
// server when scraped.
var serverMetrics = []serverMetric{
	{"refused_connections_total", "Connections closed on accept: over a cap on unauthenticated connections.",
		false, func(s *server.Server) uint64 { return s.GuardStats().RefusedConnections }},
	{"failed_logins_total", "SASL exchanges that failed with not-authorized (wrong password or unknown user).",
		false, func(s *server.Server) uint64 { return s.GuardStats().FailedLogins }},
	{"failed_negotiations_total", "Client connections that ended before a session was bound.",
		false, func(s *server.Server) uint64 { return s.GuardStats().FailedNegotiations }},
	{"oversize_stanzas_total", "Stanzas refused to their sender with policy-violation: too large for clients.",
		false, func(s *server.Server) uint64 { return s.GuardStats().OversizeStanzas }},
	{"connections_total", "Connections accepted, on every transport.",
		false, func(s *server.Server) uint64 { return s.DeliveryStats().Connections }},
	{"sessions", "Client sessions bound now.",
		true, func(s *server.Server) uint64 { return s.DeliveryStats().Sessions }},
	{"routed_stanzas_total", "Stanzas written to a recipient's session.",
		false, func(s *server.Server) uint64 { return s.DeliveryStats().Routed }},
	{"bounced_stanzas_total", "Stanzas answered with an error because they could not be delivered.",
		false, func(s *server.Server) uint64 { return s.DeliveryStats().Bounced }},
	{"dropped_stanzas_total", "Stanzas given up without an answer, as the RFCs allow (presence or errors to a resource that is gone).",
		false, func(s *server.Server) uint64 { return s.DeliveryStats().Dropped }},
	{"queued_bytes", "Bytes held in the per-session delivery queues now.",
		true, func(s *server.Server) uint64 { return s.DeliveryStats().QueuedBytes }},
	{"offline_messages_total", "Messages kept offline for an account with no available resource.",
		false, func(s *server.Server) uint64 { return s.DeliveryStats().StoredOffline }},
}

// metricsRegistry returns a registry of its own (nothing is registered
// globally) holding srv's metrics, as xmpp_server_*, and the Go runtime's
// and the process's metrics.
func metricsRegistry(srv *server.Server) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, m := range serverMetrics {
		value := func() float64 { return float64(m.value(srv)) }
		if m.gauge {
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Namespace: "xmpp", Subsystem: "server", Name: m.name, Help: m.help,
			}, value))
			continue
		}
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "xmpp", Subsystem: "server", Name: m.name, Help: m.help,
		}, value))
	}
	return reg
}

// serveMetrics serves srv's metrics in the Prometheus text format over
// HTTP at addr (path /metrics), logging its failure to log. It returns once
// the socket is open, with its address and a function that stops serving
// and waits until the serving goroutine has returned.
func serveMetrics(ctx context.Context, srv *server.Server, addr string, log *slog.Logger) (net.Addr, func(), error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	reg := metricsRegistry(srv)
	mux := http.NewServeMux()
	mux.Handle(metricsPath, promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics: serving failed", "err", err)
		}
	}()
	return ln.Addr(), func() { _ = hs.Close(); <-done }, nil
}
