package server

import (
	"encoding/xml"
	"strconv"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Roster versioning (RFC 6121 §2.6). Each account counts the changes to
// its roster; the version is that count behind a random epoch drawn when
// the account first needs one, so that a version kept by a client across
// a restart of this in-memory server (or from another server instance)
// never matches a roster it does not describe. Every change to a roster is
// pushed (registry.push), which is where the count goes up.

var rosterVerAttr = xml.Name{Local: "ver"}

// rosterVersion returns a's current roster version. The registry lock is held.
func (a *account) rosterVersion() string {
	if a.verEpoch == "" {
		a.verEpoch = stanza.NewID()
	}
	return a.verEpoch + "-" + strconv.FormatUint(a.rosterVer, 10)
}

// bumpRosterVersion records a change to a's roster and returns the new
// version. The registry lock is held.
func (a *account) bumpRosterVersion() string {
	a.rosterVer++
	return a.rosterVersion()
}

// versionedQuery is the <query/> of a roster result for a client that
// sent a version: the whole roster with the current one (§2.6.3).
type versionedQuery struct {
	ver   string
	items rosterQuery
}

func (q versionedQuery) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(rosterQueryName, xml.Attr{Name: rosterVerAttr, Value: q.ver}); err != nil {
		return err
	}
	for i := range q.items {
		if err := writeItem(w, &q.items[i], false); err != nil {
			return err
		}
	}
	return w.End()
}

// rosterAnswer returns the answer to a roster get from res of account a
// whose <query/> carried the version ver (hasVer false: none): with a
// version, nothing when it is current (an empty result, §2.6.3; changes
// come as pushes, and there are none since), else the whole roster with
// the current version; without one, the whole roster as before
// versioning. A resource that sent a version gets versions in its pushes.
// The registry lock is held.
func rosterAnswer(a *account, res *resource, ver string, hasVer bool) xmlstream.Marshaler {
	res.interested = true
	res.versioned = hasVer
	var items rosterQuery
	current := a.rosterVersion()
	if hasVer && ver == current {
		return nil
	}
	for _, it := range a.sortedItems() {
		items = append(items, *it)
	}
	if !hasVer {
		return items
	}
	return versionedQuery{ver: current, items: items}
}
