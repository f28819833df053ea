package mam

import (
	"errors"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// A durable archive pays a sync per write; a server routing a message
// appends it to two archives (the recipient's and the sender's), and
// many senders append at once. An archive that can take several appends
// in one write implements [BatchArchive], and [Service.RecordAll] hands
// it a message's appends together.

// Entry is one message for an owner's archive in a batch.
type Entry struct {
	Owner jid.JID
	Stored
}

// BatchArchive is an [Archive] that appends many messages in one write
// (for a durable one: one transaction and one sync for them all).
type BatchArchive interface {
	Archive
	// AppendBatch appends each entry as Append would, in order; errs[i]
	// is entries[i]'s error. When it returns, every entry without an
	// error is stored.
	AppendBatch(entries []Entry) (errs []error)
}

// Recording is one message for [Service.RecordAll]: the arguments of
// [Service.Record].
type Recording struct {
	Owner, With jid.JID
	InRoster    bool
	ID          string
	When        time.Time
	Raw         []byte
}

// RecordAll records each message as [Service.Record] does, the appends
// in one batch when the archive is a [BatchArchive]. archived[i] reports
// whether rs[i] was archived; err joins the failures.
func (sv *Service) RecordAll(rs []Recording) (archived []bool, err error) {
	archived = make([]bool, len(rs))
	return archived, sv.record(rs, archived)
}

// Store records each message as [Service.RecordAll] does, for a caller
// that needs only the failures: a server archiving each message it routes
// pays for no report of which were archived.
func (sv *Service) Store(rs []Recording) error { return sv.record(rs, nil) }

// record is RecordAll, setting archived[i] (when archived is not nil)
// for each recording archived.
func (sv *Service) record(rs []Recording, archived []bool) error {
	if m, ok := sv.archive.(*MemoryArchive); ok {
		// By its type, not an interface: rs, often on the caller's
		// stack, would escape through an interface's method.
		m.record(rs, sv.def, archived)
		return nil
	}
	var errs []error
	b, batch := sv.archive.(BatchArchive)
	var entries []Entry
	var at []int // the recording of each entry
	for i, r := range rs {
		prefs, err := sv.archive.Prefs(r.Owner)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !prefs.Archives(r.With, r.InRoster, sv.def) {
			continue
		}
		s := Stored{ID: r.ID, Time: toMicro(r.When), With: r.With, Raw: r.Raw}
		if !batch {
			// Appended at once: a message's appends cost no list of
			// them (a server records one message at a time).
			if err := sv.archive.Append(r.Owner, s); err != nil {
				errs = append(errs, err)
			} else if archived != nil {
				archived[i] = true
			}
			continue
		}
		if entries == nil {
			entries, at = make([]Entry, 0, len(rs)), make([]int, 0, len(rs))
		}
		entries = append(entries, Entry{Owner: r.Owner, Stored: s})
		at = append(at, i)
	}
	if len(entries) == 0 {
		return errors.Join(errs...)
	}
	for i, err := range b.AppendBatch(entries) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if archived != nil {
			archived[at[i]] = true
		}
	}
	return errors.Join(errs...)
}
