package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
)

// Archive is a mam.Archive in the store's database: every account's
// message archive (XEP-0313), bounded as a mam.MemoryArchive is. An
// owner's messages are numbered in the order they came (seq), and their
// stamps never go back, so that a page is a range of an index whatever
// the archive's size.
type Archive struct {
	s   *Store
	lim mam.MemoryLimits
	now func() time.Time
}

var _ mam.Archive = (*Archive)(nil)

// Archive returns the archive kept in s, within lim (zero fields: the
// defaults of mam.NewMemoryArchive).
func (s *Store) Archive(lim mam.MemoryLimits) *Archive {
	if lim.Messages <= 0 {
		lim.Messages = 10000
	}
	if lim.Bytes <= 0 {
		lim.Bytes = 16 << 20
	}
	return &Archive{s: s, lim: lim, now: time.Now}
}

// archiveTimeout bounds one archive call (mam.Archive takes no context).
const archiveTimeout = 10 * time.Second

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// expire drops the oldest messages beyond the count, the bytes and the
// retention, and returns what is left.
func (a *Archive) expire(ctx context.Context, tx *sql.Tx, owner string, n, size int) (int, int, error) {
	cut := int64(-1 << 63)
	if a.lim.Retention > 0 {
		cut = a.now().Add(-a.lim.Retention).UnixNano()
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, stamp, length(raw) FROM archive WHERE owner = ? ORDER BY seq`, owner)
	if err != nil {
		return n, size, err
	}
	var upTo int64 = -1
	for rows.Next() {
		var seq, stamp int64
		var l int
		if err := rows.Scan(&seq, &stamp, &l); err != nil {
			rows.Close()
			return n, size, err
		}
		if n <= a.lim.Messages && size <= a.lim.Bytes && stamp >= cut {
			break
		}
		upTo, n, size = seq, n-1, size-l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return n, size, err
	}
	if upTo >= 0 {
		_, err = tx.ExecContext(ctx, `DELETE FROM archive WHERE owner = ? AND seq <= ?`, owner, upTo)
	}
	return n, size, err
}

// Query implements mam.Archive, in one read transaction.
func (a *Archive) Query(owner jid.JID, f mam.Filter, set paging.Request) (mam.Page, error) {
	ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
	defer cancel()
	tx, err := a.s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mam.Page{}, err
	}
	defer tx.Rollback()
	l := &archiveList{ctx: ctx, tx: tx, owner: owner.String()}
	if err := l.filter(a, f); err != nil {
		return mam.Page{}, err
	}
	count := `SELECT count(*) FROM archive WHERE ` + l.where
	if len(l.args) == 1 {
		// The whole archive: its count is kept, rather than counted.
		count = `SELECT coalesce((SELECT messages FROM archive_owners WHERE owner = ?), 0)`
	}
	if err := tx.QueryRowContext(ctx, count, l.args...).Scan(&l.n); err != nil {
		return mam.Page{}, err
	}
	lo, hi, res, err := set.Window(l)
	if l.err != nil {
		return mam.Page{}, l.err
	}
	if err != nil {
		return mam.Page{}, mam.ErrNotFound
	}
	p := mam.Page{Set: res, Messages: make([]mam.Stored, 0, hi-lo)}
	if lo < hi {
		first, _, err := l.at(lo)
		if err != nil {
			return mam.Page{}, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, stamp, with_full, raw FROM archive WHERE `+l.where+` AND seq >= ? ORDER BY seq LIMIT ?`,
			append(l.args, first, hi-lo)...)
		if err != nil {
			return mam.Page{}, err
		}
		defer rows.Close()
		for rows.Next() {
			var m mam.Stored
			var stamp int64
			var with string
			if err := rows.Scan(&m.ID, &stamp, &with, &m.Raw); err != nil {
				return mam.Page{}, err
			}
			m.Time = time.Unix(0, stamp).UTC()
			if with != "" {
				if m.With, err = jid.Parse(with); err != nil {
					return mam.Page{}, err
				}
			}
			p.Messages = append(p.Messages, m)
		}
		if err := rows.Err(); err != nil {
			return mam.Page{}, err
		}
	}
	if set.Before != "" || set.LastPage {
		p.Complete = lo == 0
	} else {
		p.Complete = hi == l.n
	}
	return p, nil
}

// archiveList is a query's result set, for paging.Request.Window: the
// rows of archive that where keeps, in seq order. It remembers the last
// position it found (anchor), so that the next is a short step of the
// index from there rather than an offset from the start.
type archiveList struct {
	ctx   context.Context
	tx    *sql.Tx
	owner string
	where string
	args  []any
	n     int

	anchored  bool
	anchorI   int
	anchorSeq int64
	err       error // the first failure, which Query returns
}

// filter turns f (and the retention) into the list's where clause.
func (l *archiveList) filter(a *Archive, f mam.Filter) error {
	conds := []string{"owner = ?"}
	l.args = []any{l.owner}
	add := func(c string, args ...any) {
		conds = append(conds, c)
		l.args = append(l.args, args...)
	}
	if a.lim.Retention > 0 {
		add("stamp >= ?", a.now().Add(-a.lim.Retention).UnixNano())
	}
	if !f.Start.IsZero() {
		add("stamp >= ?", f.Start.UnixNano())
	}
	if !f.End.IsZero() {
		add("stamp <= ?", f.End.UnixNano())
	}
	for _, b := range []struct {
		id, cond string
	}{{f.AfterID, "seq > ?"}, {f.BeforeID, "seq < ?"}} {
		if b.id == "" {
			continue
		}
		seq, err := l.seqOf(b.id)
		if err != nil {
			return err
		}
		add(b.cond, seq)
	}
	switch {
	case f.With.IsZero():
	case f.With.Resourcepart() == "":
		add("with_bare = ?", f.With.String())
	default:
		add("with_bare = ? AND with_full = ?", f.With.Bare().String(), f.With.String())
	}
	if len(f.IDs) > 0 {
		seqs := make([]any, 0, len(f.IDs))
		for _, id := range f.IDs {
			seq, err := l.seqOf(id)
			if err != nil {
				return err
			}
			seqs = append(seqs, seq)
		}
		add("seq IN (?"+strings.Repeat(", ?", len(seqs)-1)+")", seqs...)
	}
	l.where = strings.Join(conds, " AND ")
	return nil
}

// seqOf returns the seq of the owner's message id; mam.ErrNotFound if
// there is none.
func (l *archiveList) seqOf(id string) (int64, error) {
	var seq int64
	err := l.tx.QueryRowContext(l.ctx, `SELECT seq FROM archive WHERE owner = ? AND id = ?`, l.owner, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, mam.ErrNotFound
	}
	return seq, err
}

func (l *archiveList) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// Len implements paging.List.
func (l *archiveList) Len() int { return l.n }

// Find implements paging.List: the position of id in the result set.
func (l *archiveList) Find(id string) (int, bool) {
	seq, err := l.seqOf(id)
	if err != nil {
		if !errors.Is(err, mam.ErrNotFound) {
			l.fail(err)
		}
		return 0, false
	}
	var in, before int
	args := append(l.args[:len(l.args):len(l.args)], seq)
	err = l.tx.QueryRowContext(l.ctx, `SELECT count(*) FROM archive WHERE `+l.where+` AND seq = ?`, args...).Scan(&in)
	if err != nil || in == 0 {
		if err != nil {
			l.fail(err)
		}
		return 0, false
	}
	if err := l.tx.QueryRowContext(l.ctx, `SELECT count(*) FROM archive WHERE `+l.where+` AND seq < ?`, args...).Scan(&before); err != nil {
		l.fail(err)
		return 0, false
	}
	l.anchored, l.anchorI, l.anchorSeq = true, before, seq
	return before, true
}

// UID implements paging.List.
func (l *archiveList) UID(i int) string {
	_, id, err := l.at(i)
	if err != nil {
		l.fail(err)
	}
	return id
}

// at returns the seq and id of result i, stepping from the anchor or from
// the nearer end.
func (l *archiveList) at(i int) (int64, string, error) {
	q := `SELECT seq, id FROM archive WHERE ` + l.where
	args := l.args
	switch {
	case l.anchored && i > l.anchorI:
		q += ` AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?`
		args = append(args[:len(args):len(args)], l.anchorSeq, i-l.anchorI-1)
	case l.anchored && i < l.anchorI:
		q += ` AND seq < ? ORDER BY seq DESC LIMIT 1 OFFSET ?`
		args = append(args[:len(args):len(args)], l.anchorSeq, l.anchorI-i-1)
	case l.anchored:
		q += ` AND seq = ?`
		args = append(args[:len(args):len(args)], l.anchorSeq)
	case i <= l.n/2:
		q += ` ORDER BY seq LIMIT 1 OFFSET ?`
		args = append(args[:len(args):len(args)], i)
	default:
		q += ` ORDER BY seq DESC LIMIT 1 OFFSET ?`
		args = append(args[:len(args):len(args)], l.n-1-i)
	}
	var seq int64
	var id string
	if err := l.tx.QueryRowContext(l.ctx, q, args...).Scan(&seq, &id); err != nil {
		return 0, "", err
	}
	l.anchored, l.anchorI, l.anchorSeq = true, i, seq
	return seq, id, nil
}

// Bounds implements mam.Archive.
func (a *Archive) Bounds(owner jid.JID) (first, last mam.Stored, ok bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
	defer cancel()
	one := func(order string) (mam.Stored, bool, error) {
		var m mam.Stored
		var stamp int64
		var with string
		err := a.s.r.QueryRowContext(ctx, `SELECT id, stamp, with_full, raw FROM archive WHERE owner = ? ORDER BY seq `+order+` LIMIT 1`, owner.String()).
			Scan(&m.ID, &stamp, &with, &m.Raw)
		if errors.Is(err, sql.ErrNoRows) {
			return m, false, nil
		}
		if err != nil {
			return m, false, err
		}
		m.Time = time.Unix(0, stamp).UTC()
		if with != "" {
			m.With, err = jid.Parse(with)
		}
		return m, true, err
	}
	if first, ok, err = one("ASC"); !ok || err != nil {
		return first, last, false, err
	}
	last, ok, err = one("DESC")
	return first, last, ok, err
}

// prefsRow is how Prefs are kept.
type prefsRow struct {
	Default       string   `json:"default,omitempty"`
	Always, Never []string `json:",omitempty"`
}

// Prefs implements mam.Archive.
func (a *Archive) Prefs(owner jid.JID) (mam.Prefs, error) {
	ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
	defer cancel()
	var b []byte
	err := a.s.r.QueryRowContext(ctx, `SELECT prefs FROM archive_prefs WHERE owner = ?`, owner.String()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return mam.Prefs{}, nil
	}
	if err != nil {
		return mam.Prefs{}, err
	}
	var row prefsRow
	if err := json.Unmarshal(b, &row); err != nil {
		return mam.Prefs{}, err
	}
	p := mam.Prefs{Default: row.Default}
	for _, l := range []struct {
		in  []string
		out *[]jid.JID
	}{{row.Always, &p.Always}, {row.Never, &p.Never}} {
		for _, s := range l.in {
			j, err := jid.Parse(s)
			if err != nil {
				return mam.Prefs{}, err
			}
			*l.out = append(*l.out, j)
		}
	}
	return p, nil
}

// SetPrefs implements mam.Archive.
func (a *Archive) SetPrefs(owner jid.JID, p mam.Prefs) error {
	ctx, cancel := context.WithTimeout(context.Background(), archiveTimeout)
	defer cancel()
	row := prefsRow{Default: p.Default}
	for _, j := range p.Always {
		row.Always = append(row.Always, j.String())
	}
	for _, j := range p.Never {
		row.Never = append(row.Never, j.String())
	}
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	return a.s.write(ctx, "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO archive_prefs (owner, prefs) VALUES (?, ?)`, owner.String(), string(b))
		return err
	})
}

// MessageArchive implements store.ArchiveKeeper.
func (s *Store) MessageArchive(lim mam.MemoryLimits) mam.Archive { return s.Archive(lim) }
