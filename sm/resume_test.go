package sm_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// quiet asks for acknowledgements only when a test says so.
var quiet = sm.Config{AckEvery: -1, AckAfter: -1}

// TestResume drops a connection with stanzas unacknowledged both ways,
// some sent into the dying connection, resumes on a new one and checks
// that each side got everything exactly once.
func TestResume(t *testing.T) {
	r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	atServer := newBodies()
	r.handler = atServer
	atClient := newBodies()
	cn := r.enabled(quiet, xmpp.Config{Handler: atClient})
	ctx := ctx5(t)
	sent := []string{}
	for i := 1; i <= 5; i++ {
		if err := cn.client.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, strconv.Itoa(i))
	}
	for i := 101; i <= 103; i++ {
		if err := cn.server.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
	}
	atServer.wait(t, 5)
	atClient.wait(t, 3)

	// The network fails; the client goes on sending for a moment.
	_ = cn.raw.Close()
	for i := 6; i <= 8; i++ {
		// sm.Send, not Session.Send: a stanza queued for resending whose
		// write failed is sent all the same, and only sm.Send says so.
		if _, err := sm.Send(ctx, cn.client, msg(i)); err == nil {
			sent = append(sent, strconv.Itoa(i))
		}
	}
	cn.kill(t)
	if !r.srv.Detached(cn.server) {
		t.Fatal("server did not keep the stream")
	}
	st, err := sm.Ended(cn.client)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Resumable() || st.H != 3 || len(st.Unacked()) != len(sent) {
		t.Fatalf("state: resumable %v h %d unacked %d, want h 3 unacked %d", st.Resumable(), st.H, len(st.Unacked()), len(sent))
	}
	// Pretend the client handled only the first of the server's three.
	st.H = 1

	cn2 := r.mustConnect("", xmpp.Config{Handler: atClient}, sm.ResumeFeature(st, quiet), xmpp.BindResource(), sm.Feature(quiet))
	res := sm.ResumptionOf(cn2.client, st)
	if !res.Resumed || res.Err != nil || len(res.Lost) != 0 {
		t.Fatalf("resumption %+v", res)
	}
	if !sm.IsResumed(cn2.client) || !sm.IsResumed(cn2.server) {
		t.Fatal("not marked resumed")
	}
	if cn2.client.LocalAddr() != cn.client.LocalAddr() || cn2.server.RemoteAddr() != cn.server.RemoteAddr() {
		t.Fatalf("addresses %s %s", cn2.client.LocalAddr(), cn2.server.RemoteAddr())
	}
	if err := cn2.client.Send(ctx, msg(9)); err != nil {
		t.Fatal(err)
	}
	sent = append(sent, "9")
	atServer.wait(t, len(sent))
	time.Sleep(20 * time.Millisecond) // a duplicate would show now
	got := atServer.wait(t, len(sent))
	if !slices.Equal(got, sent) {
		t.Fatalf("server got %v, want %v", got, sent)
	}
	// The server sent again the two the client said it had not handled.
	gotC := atClient.wait(t, 5)
	if want := []string{"101", "102", "103", "102", "103"}; !slices.Equal(gotC, want) {
		t.Fatalf("client got %v, want %v", gotC, want)
	}
	in, _, _, _ := sm.Counts(cn2.client)
	if in != 3 {
		t.Fatalf("client h %d after resumption, want 3", in)
	}
}

// TestResumeExpired: once the window has passed the stream is gone
// (item-not-found), what the server had sent unacknowledged is handed to
// Unacknowledged, and the client learns which stanzas may be lost.
func TestResumeExpired(t *testing.T) {
	r := newRig(t, sm.ServerConfig{Window: 30 * time.Millisecond, AckEvery: -1, AckAfter: -1})
	cn := r.enabled(quiet, xmpp.Config{})
	ctx := ctx5(t)
	if err := cn.server.Send(ctx, msg(101)); err != nil {
		t.Fatal(err)
	}
	if err := cn.client.Send(ctx, msg(1)); err != nil {
		t.Fatal(err)
	}
	rc, err := sm.Send(ctx, cn.client, msg(2))
	if err != nil {
		t.Fatal(err)
	}
	cn.kill(t)
	select {
	case e := <-r.endings:
		if !e.Detached || e.Session != cn.server || len(e.Unacked) != 1 || e.Unacked[0].Name().Local != "message" {
			t.Fatalf("ending %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("window did not expire")
	}
	st, err := sm.Ended(cn.client)
	if err != nil {
		t.Fatal(err)
	}
	cn2 := r.mustConnect("", xmpp.Config{}, sm.ResumeFeature(st, quiet), xmpp.BindResource(), sm.Feature(quiet))
	res := sm.ResumptionOf(cn2.client, st)
	if res.Resumed || !errors.Is(res.Err, sm.Failed{Condition: stanza.ItemNotFound}) || len(res.Lost) != 2 {
		t.Fatalf("resumption %+v", res)
	}
	if err := rc.Wait(ctx); !errors.Is(err, sm.ErrUnacknowledged) {
		t.Fatalf("receipt: %v", err)
	}
	// Bound afresh, and stream management enabled anew.
	if en, err := sm.WaitEnabled(ctx, cn2.client); err != nil || en.ID == st.ID {
		t.Fatalf("enabled %+v %v", en, err)
	}
}

// TestBadInput_SMResumeOtherAccount: an SM-ID of another account's stream
// is not found, and that stream stays kept for its owner.
func TestBadInput_SMResumeOtherAccount(t *testing.T) {
	r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	cn := r.enabled(quiet, xmpp.Config{})
	cn.kill(t)
	st, err := sm.Ended(cn.client)
	if err != nil {
		t.Fatal(err)
	}
	other := r.mustConnect("romeo", xmpp.Config{}, sm.ResumeFeature(st, quiet), xmpp.BindResource())
	res := sm.ResumptionOf(other.client, st)
	if res.Resumed || !errors.Is(res.Err, sm.Failed{Condition: stanza.ItemNotFound}) {
		t.Fatalf("romeo resumed juliet's stream: %+v", res)
	}
	if other.client.LocalAddr().Localpart() != "romeo" {
		t.Fatalf("bound %s", other.client.LocalAddr())
	}
	mine := r.mustConnect("", xmpp.Config{}, sm.ResumeFeature(st, quiet), xmpp.BindResource())
	if res := sm.ResumptionOf(mine.client, st); !res.Resumed {
		t.Fatalf("owner could not resume: %+v", res)
	}
}

// TestResumeTakesOverLiveStream: a resumption while the old connection
// still looks alive to the server ends the old one with conflict (§5).
func TestResumeTakesOverLiveStream(t *testing.T) {
	r := newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1})
	cn := r.enabled(quiet, xmpp.Config{})
	en, err := sm.WaitEnabled(ctx5(t), cn.client)
	if err != nil {
		t.Fatal(err)
	}
	// The client gives up on a connection the server still serves.
	st := &sm.State{ID: en.ID, JID: cn.client.LocalAddr()}
	cn2 := r.mustConnect("", xmpp.Config{}, sm.ResumeFeature(st, quiet), xmpp.BindResource())
	if res := sm.ResumptionOf(cn2.client, st); !res.Resumed {
		t.Fatalf("resumption %+v", res)
	}
	for _, s := range []*xmpp.Session{cn.server, cn.client} {
		select {
		case <-s.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("old session still runs")
		}
	}
	if err := cn.client.Err(); err == nil {
		t.Fatal("old client session ended without the conflict")
	}
}
