package muc

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/xmlstream"
)

// sendHistory sends a joining device the discussion history within the
// room's length and the join's limits (§7.2.15), oldest first, each with
// a delay stamped by the room.
func (s *Service) sendHistory(out *outbox, r *chatRoom, dev jid.JID, h *History) {
	limit := s.cfg.MaxHistory
	switch n := r.Config.HistoryLength; {
	case n < 0:
		return
	case n > 0 && n < limit:
		limit = n
	}
	first := max(0, len(r.history)-limit)
	if h != nil {
		first = historyStart(r.history, first, h, s.cfg.Now())
	}
	for _, e := range r.history[first:] {
		m := e.msg
		m.Header.To = dev
		m.Payload = append(m.Payload[:len(m.Payload):len(m.Payload)], delay.Delay{Stamp: e.time, From: r.JID})
		out.add(xmlstream.Marshaler(m))
	}
}

// historyStart applies a join's limits: the first entry to send.
func historyStart(hist []historyEntry, first int, h *History, now time.Time) int {
	if h.MaxStanzas != nil {
		first = max(first, len(hist)-*h.MaxStanzas)
	}
	var since time.Time
	if h.Seconds != nil {
		since = now.Add(-time.Duration(*h.Seconds) * time.Second)
	}
	if h.Since.After(since) {
		since = h.Since
	}
	for first < len(hist) && !since.IsZero() && hist[first].time.Before(since) {
		first++
	}
	if h.MaxChars != nil {
		chars, i := 0, len(hist)
		for i > first && chars+hist[i-1].chars <= *h.MaxChars {
			i--
			chars += hist[i].chars
		}
		first = i
	}
	return first
}

// loadHistory fills the history of a room from the tail of its archive.
func (s *Service) loadHistory(ctx context.Context, r *chatRoom) error {
	s.queue.flush()
	archived, err := s.cfg.Store.Archive(ctx, r.JID)
	if err != nil {
		return err
	}
	for _, a := range archived[max(0, len(archived)-s.cfg.MaxHistory):] {
		el, err := parseClientXML(a.XML)
		if err != nil {
			continue // not ours to fail a join over; the archive query reports it
		}
		m, err := message.Parse(el)
		if err != nil {
			continue
		}
		m.Header.To = jid.JID{}
		m.Payload = extensions(el, jid.JID{})
		r.history = append(r.history, historyEntry{msg: m, nick: a.Nick, time: a.Time, chars: utf8.RuneCount(a.XML)})
	}
	return nil
}
