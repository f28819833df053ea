package client

import (
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/xmpptest"

	"github.com/canto-im/xmpp"
)

// TestNothingSentBeforeEnabled: on a new session the client sends its
// initial presence (and lets the program send) only once the server has
// answered <enable/>: a connection lost before that answer could not be
// resumed, since the stream's id comes with it.
func TestNothingSentBeforeEnabled(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	raw := &xmpptest.LogBuffer{}
	c, _ := newClient(t, "alice", ts.addr(), Config{KeepAlive: -1, Session: xmpp.Config{RawLog: raw}})
	waitFor(t, c, Online)
	var log string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if log = raw.String(); strings.Contains(log, "-> <presence") {
			break
		}
	}
	enabled := strings.Index(log, "<- <enabled ")
	presence := strings.Index(log, "-> <presence")
	if enabled < 0 || presence < 0 || presence < enabled {
		t.Errorf("<enabled/> at %d, the initial presence at %d in:\n%s", enabled, presence, log)
	}
}
