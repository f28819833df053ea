package sm_test

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/sm"
)

// The request for an acknowledgement goes right after the AckEvery-th
// stanza sent since the last request, if no request is out: the peer
// here answers only when told, so what it reads is what the count asked.
func TestRequestFollowsStanza(t *testing.T) {
	t.Run("every stanza", func(t *testing.T) {
		send, expect, answer := refusalRig(t, sm.ServerConfig{AckEvery: 1, AckAfter: -1})
		send(nil)
		send(nil)
		send(nil)
		expect("mrmm")
		answer(3)
		send(nil)
		expect("mr")
	})
	t.Run("every third", func(t *testing.T) {
		send, expect, answer := refusalRig(t, sm.ServerConfig{AckEvery: 3, AckAfter: -1})
		for range 3 {
			send(nil)
		}
		expect("mmmr")
		answer(3)
		for range 4 {
			send(nil)
		}
		expect("mmmrm")
	})
	t.Run("never by count", func(t *testing.T) {
		send, expect, answer := refusalRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
		for range 4 {
			send(nil)
		}
		expect("mmmm")
		// Unrequested, and not covering all: no tail request either.
		answer(2)
		time.Sleep(30 * time.Millisecond)
		send(nil)
		expect("m")
	})
}

// One request at a time: stanzas sent while a request is out ask
// nothing, however many; once it is answered, the next stanza asks about
// them, or, if none comes, a request goes soon, not after AckAfter.
// (Before, every AckEvery-th stanza asked, answered or not, and a peer
// slow to answer was asked again and again.)
func TestOneRequestAtATime(t *testing.T) {
	send, expect, answer := refusalRig(t, sm.ServerConfig{AckEvery: 2, AckAfter: time.Hour})
	send(nil)
	send(nil)
	expect("mmr")
	for range 5 {
		send(nil)
	}
	expect("mmmmm") // not a second <r/>
	answer(2)
	expect("r") // the tail: nothing more was sent
	answer(7)
	send(nil)
	send(nil)
	expect("mmr")
	// Sent while the request is out, fewer than AckEvery: the tail
	// asks about it too.
	send(nil)
	expect("m")
	answer(9)
	expect("r")
	answer(10)
	send(nil)
	send(nil)
	expect("mmr")
	// An answer that counts the stanzas sent while its request was
	// out leaves nothing to ask about.
	send(nil)
	expect("m")
	answer(13)
	time.Sleep(30 * time.Millisecond) // past the tail's delay
	send(nil)
	expect("mr") // the second since the last request
}

// While a request is out, the count asks again once a quarter of
// MaxUnacked was sent after it: a request that went in at the back of a
// full pipeline is answered only once the peer has read it all, and the
// queue would otherwise fill before any answer came. (Before, nothing
// more was asked until the answer, however many were sent meanwhile.)
func TestAskAgainEveryQuarter(t *testing.T) {
	send, expect, answer := refusalRig(t, sm.ServerConfig{MaxUnacked: 16, AckEvery: 2, AckAfter: -1})
	send(nil)
	send(nil)
	expect("mmr")
	for range 3 {
		send(nil)
	}
	expect("mmm") // fewer than a quarter since the request
	send(nil)
	expect("mr") // a quarter: asked again, the first still out
	for range 4 {
		send(nil)
	}
	expect("mmmmr")
	answer(10)
	// The answer covers all: nothing left to ask about until AckEvery.
	send(nil)
	expect("m")
	send(nil)
	expect("mr")
}
