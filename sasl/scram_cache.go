package sasl

import (
	"container/list"
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// DefaultSCRAMCacheSize is the number of entries NewSCRAMCache keeps when
// given zero.
const DefaultSCRAMCacheSize = 64

// SCRAMCache keeps the keys a SCRAM client derived from a password, so
// that logging in again with the same password, salt and iteration count
// skips the PBKDF2 derivation (Hi), which is most of a client's cost: RFC
// 5802 §5.1 lets a client store ClientKey and ServerKey for a given salt
// and iteration count. Keys are kept once the server's signature proved
// them right, so a failed login leaves nothing. Give one to [ClientConfig.Cache]; an application
// that logs in repeatedly (reconnecting clients, many sessions of one
// account) shares one cache among them. It is safe for concurrent use.
//
// An entry is found by a digest of the hash, the prepared password, the
// salt and the iteration count, keyed with a secret random to the cache,
// so the password itself is never kept. The keys kept are as sensitive as
// the password for the server that chose the salt (ClientKey logs in
// there): keep a cache in the process that holds the password, and
// [SCRAMCache.Clear] it when the password is changed or forgotten. The
// cache is bounded: beyond its size, the entry used least recently is
// dropped.
type SCRAMCache struct {
	key [32]byte // the digest's key, random per cache

	mu      sync.Mutex
	size    int
	order   *list.List // of *scramCacheEntry, most recently used first
	entries map[[sha256.Size]byte]*list.Element
}

type scramCacheEntry struct {
	id   [sha256.Size]byte
	keys scramKeys
}

// NewSCRAMCache returns a cache of at most size entries; zero or less
// means DefaultSCRAMCacheSize.
func NewSCRAMCache(size int) *SCRAMCache {
	if size <= 0 {
		size = DefaultSCRAMCacheSize
	}
	c := &SCRAMCache{size: size, order: list.New(), entries: make(map[[sha256.Size]byte]*list.Element)}
	// crypto/rand.Read never fails (Go 1.24 and later).
	_, _ = rand.Read(c.key[:])
	return c
}

// Len returns the number of entries kept.
func (c *SCRAMCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// Clear drops every entry.
func (c *SCRAMCache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.entries)
}

// id is the entry's digest: HMAC-SHA-256 under the cache's key of the
// hash, the iteration count, the salt and the prepared password, each
// but the last with its length fixed or given, so that no two inputs
// share a digest.
func (c *SCRAMCache) id(h crypto.Hash, password string, salt []byte, iterations int) [sha256.Size]byte {
	m := hmac.New(sha256.New, c.key[:])
	var hdr [20]byte
	binary.BigEndian.PutUint32(hdr[0:], uint32(h))
	binary.BigEndian.PutUint64(hdr[4:], uint64(iterations))
	binary.BigEndian.PutUint64(hdr[12:], uint64(len(salt)))
	m.Write(hdr[:])
	m.Write(salt)
	m.Write([]byte(password))
	var id [sha256.Size]byte
	m.Sum(id[:0])
	return id
}

// get returns the keys kept for id, if any, marking them used.
func (c *SCRAMCache) get(id [sha256.Size]byte) (scramKeys, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok {
		return scramKeys{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*scramCacheEntry).keys, true
}

// put keeps keys for id, dropping the entry used least recently when full.
func (c *SCRAMCache) put(id [sha256.Size]byte, keys scramKeys) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[id]; ok {
		c.order.MoveToFront(e)
		return
	}
	for c.order.Len() >= c.size {
		last := c.order.Back()
		delete(c.entries, last.Value.(*scramCacheEntry).id)
		c.order.Remove(last)
	}
	c.entries[id] = c.order.PushFront(&scramCacheEntry{id: id, keys: keys})
}

// lookup returns the keys kept for the inputs, or derives them (see
// deriveKeysContext) and returns, with found false, the id to put them
// under once they have proved right.
func (c *SCRAMCache) lookup(ctx context.Context, h crypto.Hash, password string, salt []byte, iterations int) (keys scramKeys, id [sha256.Size]byte, found bool, err error) {
	id = c.id(h, password, salt, iterations)
	if keys, ok := c.get(id); ok {
		return keys, id, true, nil
	}
	keys, err = deriveKeysContext(ctx, h, password, salt, iterations)
	return keys, id, false, err
}
