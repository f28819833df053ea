package xmpp_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
)

// TestOnEnd: Config.OnEnd is called exactly once when the stream ends,
// however it ends, after Done is closed and with the session's error set.
func TestOnEnd(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(p interface{ Write(string) error })
	}{
		{"peer closes the stream", func(p interface{ Write(string) error }) { _ = p.Write("</stream:stream>") }},
		{"peer sends bad XML", func(p interface{ Write(string) error }) { _ = p.Write("<message><</message>") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			ended := make(chan *xmpp.Session, 2)
			cfg := xmpp.Config{OnEnd: func(s *xmpp.Session) {
				calls.Add(1)
				select {
				case <-s.Done():
				default:
					t.Error("OnEnd called before Done was closed")
				}
				ended <- s
			}}
			p, done := negotiatedWith(t, cfg)
			go func() { // take what the session writes
				for {
					if _, err := p.Read(); err != nil {
						return
					}
				}
			}()
			tc.end(p)
			select {
			case <-ended:
			case <-time.After(5 * time.Second):
				t.Fatal("OnEnd not called")
			}
			<-done
			time.Sleep(20 * time.Millisecond)
			if n := calls.Load(); n != 1 {
				t.Errorf("OnEnd called %d times, want 1", n)
			}
		})
	}
}

// TestOnEndAfterQueuedStanzas: what the peer sent just before its closing
// tag reaches the handler before OnEnd runs, so that a server's cleanup
// (forgetting the peer's resource) cannot overtake the peer's last stanzas.
func TestOnEndAfterQueuedStanzas(t *testing.T) {
	var handled atomic.Int32
	order := make(chan string, 8)
	cfg := xmpp.Config{
		Handler: xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
			time.Sleep(50 * time.Millisecond) // slower than the read loop's end
			handled.Add(1)
			order <- "handled"
			return nil
		}),
		OnEnd: func(*xmpp.Session) { order <- "ended" },
	}
	p, _ := negotiatedWith(t, cfg)
	go func() {
		for {
			if _, err := p.Read(); err != nil {
				return
			}
		}
	}()
	must(t, p.Write("<message><body>1</body></message><message><body>2</body></message></stream:stream>"))
	var got []string
	for len(got) < 3 {
		select {
		case s := <-order:
			got = append(got, s)
		case <-time.After(5 * time.Second):
			t.Fatalf("got %v", got)
		}
	}
	if got[0] != "handled" || got[1] != "handled" || got[2] != "ended" {
		t.Fatalf("order %v, want both stanzas handled before OnEnd", got)
	}
}
