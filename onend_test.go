package xmpp_test

import (
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
