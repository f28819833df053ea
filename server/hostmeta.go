package server

import (
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// The host-meta documents of XEP-0156 (RFC 6415): XRD and JSON.
const (
	hostMetaPath     = "/.well-known/host-meta"
	hostMetaJSONPath = "/.well-known/host-meta.json"
	// relWebSocket is the link relation of a WebSocket endpoint.
	relWebSocket = "urn:xmpp:alt-connections:websocket"
)

// serveHostMeta answers with the host-meta document (XRD, or JSON at
// host-meta.json) that points to the WebSocket endpoint on the host the
// client asked for, which is the one it reached this listener by.
func serveHostMeta(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	endpoint := (&url.URL{Scheme: "wss", Host: requestHost(r), Path: WebSocketPath}).String()
	// XEP-0156 §3.1: web clients fetch this from other origins.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.URL.Path == hostMetaJSONPath {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(hostMetaJSON(endpoint))
		return
	}
	w.Header().Set("Content-Type", "application/xrd+xml")
	_, _ = w.Write(hostMetaXRD(endpoint))
}

// requestHost is the host (and port) the request was sent to: its Host
// header, or the address it arrived at when there is none (HTTP/1.0).
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return a.String()
	}
	return "localhost"
}

// hostMetaXRD is the XRD form (RFC 6415 §3).
func hostMetaXRD(endpoint string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='utf-8'?>\n")
	b.WriteString("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n")
	b.WriteString("  <Link rel='" + relWebSocket + "' href='")
	_ = xml.EscapeText(&b, []byte(endpoint))
	b.WriteString("'/>\n</XRD>\n")
	return []byte(b.String())
}

// jrd is the JSON form (RFC 6415 Appendix A).
type jrd struct {
	Links []jrdLink `json:"links"`
}

type jrdLink struct {
	Rel  string `json:"rel"`
	Href string `json:"href"`
}

func hostMetaJSON(endpoint string) jrd {
	return jrd{Links: []jrdLink{{Rel: relWebSocket, Href: endpoint}}}
}
