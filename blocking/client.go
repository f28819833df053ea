package blocking

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrNoJIDs refuses an Unblock without addresses, which on the wire would
// unblock everyone: call [UnblockAll] for that.
var ErrNoJIDs = errors.New("blocking: Unblock without addresses (UnblockAll unblocks everyone)")

// List asks the account's server for the blocked addresses (§3.2). Asking
// also subscribes this session to the server's pushes (§3.3).
func List(ctx context.Context, s *xmpp.Session) ([]jid.JID, error) {
	l, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ}, xmlstream.EmptyElement{Name: ListName}, ListName, ParseBlockList)
	return l.JIDs, err
}

// Block asks the account's server to block the addresses (§3.3): a bare
// JID blocks the account and all its resources, a domain everyone there
// (§5).
func Block(ctx context.Context, s *xmpp.Session, jids ...jid.JID) error {
	items := make([]Item, len(jids))
	for i, j := range jids {
		items[i].JID = j
	}
	return set(ctx, s, Blocked{Items: items})
}

// BlockAndReport blocks j and reports it to the server for r.Reason (spam
// or abuse, XEP-0377 §5). The server blocks exactly as without the report;
// what else it does with it is its policy.
func BlockAndReport(ctx context.Context, s *xmpp.Session, j jid.JID, r Report) error {
	return set(ctx, s, Blocked{Items: []Item{{JID: j, Report: &r}}})
}

// Unblock asks the account's server to unblock the addresses (§3.4); at
// least one is required ([ErrNoJIDs]).
func Unblock(ctx context.Context, s *xmpp.Session, jids ...jid.JID) error {
	if len(jids) == 0 {
		return ErrNoJIDs
	}
	return set(ctx, s, Unblocked{JIDs: jids})
}

// UnblockAll asks the account's server to unblock everyone (§3.5).
func UnblockAll(ctx context.Context, s *xmpp.Session) error {
	return set(ctx, s, Unblocked{})
}

// set sends an IQ set to the account's server; a value that cannot be
// written is refused before anything is sent.
func set(ctx context.Context, s *xmpp.Session, payload xmlstream.Marshaler) error {
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, payload)
	return err
}

// BlockedError is the error a server returns for a stanza the account sent to a
// blocked address (§3.3): not-acceptable with <blocked/>.
func BlockedError() stanza.Error {
	// Type cancel, as in §3.3's example: retrying will not help.
	e := stanza.Error{Type: stanza.Cancel, Condition: stanza.NotAcceptable}
	e.App = stanza.NewAppCondition(NSErrors, "blocked")
	return e
}

// IsBlocked reports whether err is the error of a stanza the account sent
// to an address it blocked: a stanza.Error carrying <blocked/>.
func IsBlocked(err error) bool {
	var se *stanza.Error
	if errors.As(err, &se) {
		return se.App.XMLName == BlockedName
	}
	var sv stanza.Error
	return errors.As(err, &sv) && sv.App.XMLName == BlockedName
}
