package mam

// NewClashingMemoryArchive is NewMemoryArchive with the same index key
// for every id, so that every id but the first clashes (archive_memory_ids.go).
func NewClashingMemoryArchive(lim MemoryLimits) *MemoryArchive {
	m := NewMemoryArchive(lim)
	m.sameKeys = true
	return m
}
