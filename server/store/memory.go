package store

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// Memory is a Store that keeps everything in memory, lost when the
// process ends. It copies what it is given and what it returns.
type Memory struct {
	mu       sync.Mutex
	accounts map[string]*memAccount
	nextID   int64
	kept     memKept // archives and PEP nodes, by bare JID
}

type memAccount struct {
	creds   Credentials
	roster  map[jid.JID]RosterItem
	ver     RosterVersion
	pending map[jid.JID][]byte
	blocked map[jid.JID]struct{}
	vcard   []byte
	offline []OfflineMessage
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{accounts: make(map[string]*memAccount)} }

var _ Store = (*Memory)(nil)

// Close does nothing: the data stays readable until the Memory is dropped.
func (m *Memory) Close() error { return nil }

// account returns user's account with the lock held, or ErrNotFound.
func (m *Memory) account(user string) (*memAccount, error) {
	a := m.accounts[user]
	if a == nil {
		return nil, ErrNotFound
	}
	return a, nil
}

func cloneCreds(c Credentials) Credentials {
	out := make(Credentials, len(c))
	for h, sc := range c {
		out[h] = sasl.ScramCredentials{Salt: bytes.Clone(sc.Salt), Iterations: sc.Iterations,
			StoredKey: bytes.Clone(sc.StoredKey), ServerKey: bytes.Clone(sc.ServerKey)}
	}
	return out
}

// CreateAccount implements Accounts.
func (m *Memory) CreateAccount(_ context.Context, user string, c Credentials) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.accounts[user] != nil {
		return ErrExists
	}
	m.accounts[user] = &memAccount{creds: cloneCreds(c), roster: map[jid.JID]RosterItem{},
		pending: map[jid.JID][]byte{}, blocked: map[jid.JID]struct{}{}}
	return nil
}

// DeleteAccount implements Accounts.
func (m *Memory) DeleteAccount(_ context.Context, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.accounts[user] == nil {
		return ErrNotFound
	}
	delete(m.accounts, user)
	m.kept.forget(user)
	return nil
}

// SetCredentials implements Accounts.
func (m *Memory) SetCredentials(_ context.Context, user string, c Credentials) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err == nil {
		a.creds = cloneCreds(c)
	}
	return err
}

// Credentials implements Accounts.
func (m *Memory) Credentials(_ context.Context, user string) (Credentials, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return nil, err
	}
	return cloneCreds(a.creds), nil
}

// Accounts implements Accounts.
func (m *Memory) Accounts(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.accounts)), nil
}

func compareJIDs(a, b jid.JID) int { return strings.Compare(a.String(), b.String()) }

// Roster implements Rosters.
func (m *Memory) Roster(_ context.Context, user string) ([]RosterItem, RosterVersion, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.accounts[user]
	if a == nil {
		return nil, RosterVersion{}, nil
	}
	items := make([]RosterItem, 0, len(a.roster))
	for _, it := range a.roster {
		it.Groups = slices.Clone(it.Groups)
		items = append(items, it)
	}
	slices.SortFunc(items, func(x, y RosterItem) int { return compareJIDs(x.JID, y.JID) })
	return items, a.ver, nil
}

// PutRosterItem implements Rosters.
func (m *Memory) PutRosterItem(_ context.Context, user string, it RosterItem, v RosterVersion) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	it.Groups = slices.Clone(it.Groups)
	a.roster[it.JID] = it
	a.ver = v
	return nil
}

// DeleteRosterItem implements Rosters.
func (m *Memory) DeleteRosterItem(_ context.Context, user string, contact jid.JID, v RosterVersion) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	delete(a.roster, contact)
	a.ver = v
	return nil
}

// PendingRequests implements Pending.
func (m *Memory) PendingRequests(_ context.Context, user string) ([]PendingRequest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.accounts[user]
	if a == nil {
		return nil, nil
	}
	out := make([]PendingRequest, 0, len(a.pending))
	for from, st := range a.pending {
		out = append(out, PendingRequest{From: from, Stanza: bytes.Clone(st)})
	}
	slices.SortFunc(out, func(x, y PendingRequest) int { return compareJIDs(x.From, y.From) })
	return out, nil
}

// PutPending implements Pending.
func (m *Memory) PutPending(_ context.Context, user string, r PendingRequest) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err == nil {
		a.pending[r.From] = bytes.Clone(r.Stanza)
	}
	return err
}

// DeletePending implements Pending.
func (m *Memory) DeletePending(_ context.Context, user string, from jid.JID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err == nil {
		delete(a.pending, from)
	}
	return err
}

// BlockList implements BlockLists.
func (m *Memory) BlockList(_ context.Context, user string) ([]jid.JID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.accounts[user]
	if a == nil {
		return nil, nil
	}
	return slices.SortedFunc(maps.Keys(a.blocked), compareJIDs), nil
}

// Block implements BlockLists.
func (m *Memory) Block(_ context.Context, user string, jids []jid.JID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	for _, j := range jids {
		a.blocked[j] = struct{}{}
	}
	return nil
}

// Unblock implements BlockLists.
func (m *Memory) Unblock(_ context.Context, user string, jids []jid.JID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	if len(jids) == 0 {
		clear(a.blocked)
	}
	for _, j := range jids {
		delete(a.blocked, j)
	}
	return nil
}

// VCard implements VCards.
func (m *Memory) VCard(_ context.Context, user string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a := m.accounts[user]; a != nil {
		return bytes.Clone(a.vcard), nil
	}
	return nil, nil
}

// SetVCard implements VCards.
func (m *Memory) SetVCard(_ context.Context, user string, card []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err == nil {
		a.vcard = bytes.Clone(card)
	}
	return err
}

// PushOffline implements Offline.
func (m *Memory) PushOffline(_ context.Context, user string, msg OfflineMessage, q Quota) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return 0, err
	}
	total := len(msg.Stanza)
	for _, o := range a.offline {
		total += len(o.Stanza)
	}
	if len(a.offline)+1 > q.Messages || total > q.Bytes {
		return 0, ErrQuota
	}
	m.nextID++
	msg.ID = m.nextID
	msg.Stanza = bytes.Clone(msg.Stanza)
	a.offline = append(a.offline, msg)
	return msg.ID, nil
}

// OfflineMessages implements Offline.
func (m *Memory) OfflineMessages(_ context.Context, user string) ([]OfflineMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.accounts[user]
	if a == nil {
		return nil, nil
	}
	out := slices.Clone(a.offline)
	for i := range out {
		out[i].Stanza = bytes.Clone(out[i].Stanza)
	}
	return out, nil
}

// DeleteOffline implements Offline.
func (m *Memory) DeleteOffline(_ context.Context, user string, upTo int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	a.offline = slices.DeleteFunc(a.offline, func(o OfflineMessage) bool { return o.ID <= upTo })
	return nil
}

// DeleteOfflineIDs implements Offline.
func (m *Memory) DeleteOfflineIDs(_ context.Context, user string, ids []int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, err := m.account(user)
	if err != nil {
		return err
	}
	a.offline = slices.DeleteFunc(a.offline, func(o OfflineMessage) bool { return slices.Contains(ids, o.ID) })
	return nil
}
