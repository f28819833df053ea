package reactions

import (
	"slices"
	"strings"
	"time"
)

// Summary keeps the reactions to one message: the latest set of each
// sender, since each reaction message replaces the sender's previous set
// (§3.2). The zero value is empty and ready; it is not safe for concurrent
// use.
type Summary struct {
	bySender map[string]entry
}

type entry struct {
	emoji []string
	at    time.Time
}

// Update records emoji as sender's reactions, sent at at (the XEP-0203
// delay stamp of a delayed message, else when it arrived). sender is the
// key §4.1 asks for: the bare JID in a one-to-one chat, the occupant's
// real bare JID or occupant-id in a room. A set older than the one held
// for sender is ignored (§4.1: a delayed reaction does not undo a newer
// one), and Update reports whether it applied emoji. An empty set removes
// sender. emoji is copied, without duplicates.
func (s *Summary) Update(sender string, emoji []string, at time.Time) bool {
	if old, ok := s.bySender[sender]; ok && at.Before(old.at) {
		return false
	}
	if len(emoji) == 0 {
		delete(s.bySender, sender)
		return true
	}
	set := make([]string, 0, len(emoji))
	for _, e := range emoji {
		if !slices.Contains(set, e) {
			set = append(set, e)
		}
	}
	if s.bySender == nil {
		s.bySender = make(map[string]entry)
	}
	s.bySender[sender] = entry{emoji: set, at: at}
	return true
}

// Of returns sender's current reactions, in the order sent.
func (s *Summary) Of(sender string) []string { return slices.Clone(s.bySender[sender].emoji) }

// Count is one emoji and who reacted with it, sorted.
type Count struct {
	Emoji   string
	Senders []string
}

// Counts returns each emoji in use with its senders, the most used first,
// then by emoji, so that the order is stable.
func (s *Summary) Counts() []Count {
	by := map[string][]string{}
	for sender, e := range s.bySender {
		for _, em := range e.emoji {
			by[em] = append(by[em], sender)
		}
	}
	out := make([]Count, 0, len(by))
	for em, senders := range by {
		slices.Sort(senders)
		out = append(out, Count{Emoji: em, Senders: senders})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if d := len(b.Senders) - len(a.Senders); d != 0 {
			return d
		}
		return strings.Compare(a.Emoji, b.Emoji)
	})
	return out
}
