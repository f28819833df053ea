package client

import (
	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

// Resumer is the seam where stream resumption (XEP-0198 stream
// management) plugs into a Client. Package sm implements it
// ([github.com/canto-im/xmpp/sm.Resumer]), and a Client uses that one unless Config.Resumer or
// Config.NoStreamManagement says otherwise.
//
// For each connection attempt the Client calls Features and negotiates the
// features it returns after SASL, before resource binding and before
// Config.Features; a resumption feature that succeeds provides
// [xmpp.Bound], so the negotiator skips binding, and one that fails leaves
// binding to happen as usual (an enabling feature that needs Bound runs
// after it). Once the session is negotiated, the Client asks Resumed: true
// makes it report [Resumed] and skip the initial presence (the server kept
// the session's presence and queued stanzas); false makes it report
// [Online], with Gap set if there was an earlier session.
//
// A Resumer keeps what resumption needs (the stream id, the count of
// handled stanzas, the unacknowledged ones) in the feature values and in
// what they attach to the session through the stream seam
// ([xmpp.ExtensionKey]); the Client only passes them along. Its methods are
// called from the goroutine running [Client.Run], one connection at a time.
//
// A Resumer that also has a method Lost() []*xmlstream.Element (as
// sm.Resumer does) is asked, after each Resumed, for the stanzas of
// earlier sessions that may not have arrived; the Client reports them in
// the Online event (Event.Lost) and to Config.OnLost. One that also has a
// method Abandon() []*xmlstream.Element (as sm.Resumer does) is asked,
// when Run stops after the last session has ended, for the stanzas that
// will now never be acknowledged, and must settle whatever waits for
// them; the Client reports them in the GaveUp or Stopped event and to
// Config.OnLost. Neither should return what the Client sends afresh on
// every new session (its initial presence, which it sends wrapped in
// [github.com/canto-im/xmpp/sm.Unreported]).
type Resumer interface {
	// Features returns the stream features to negotiate on the next
	// connection.
	Features() []xmpp.StreamFeature
	// Resumed reports whether s, just negotiated with Features, resumed
	// an earlier session.
	Resumed(s *xmpp.Session) bool
}

// lostReporter is a Resumer that reports what an unresumed session lost.
type lostReporter interface {
	Lost() []*xmlstream.Element
}

// abandoner is a Resumer that gives up its latest stream for good and
// reports what it lost.
type abandoner interface {
	Abandon() []*xmlstream.Element
}

// final emits ev, the last event of Run (GaveUp or Stopped), with the
// stanzas of the last session that will now never be acknowledged, which
// go to Config.OnLost first. The last session must have ended.
func (c *Client) final(ev Event) {
	if a, ok := c.cfg.Resumer.(abandoner); ok {
		ev.Lost = c.withoutOwnPings(a.Abandon())
	}
	if len(ev.Lost) > 0 && c.cfg.OnLost != nil {
		c.cfg.OnLost(ev.Lost)
	}
	c.emit(ev)
}
