package store

import "context"

// Write is one change to a store, made through st.
type Write func(ctx context.Context, st Store) error

// Batcher is a Store that commits many writes at once: a durable store
// pays one sync for the whole batch rather than one per write (group
// commit). The server uses it when its store has it.
type Batcher interface {
	// Batch runs the writes in order, each with a Store whose writes
	// join one transaction, committed at the end. errs[i] is writes[i]'s
	// error; a write that fails leaves nothing of itself and the others
	// are kept. If the commit fails, every write fails. The Store passed
	// to a write is only for writing, and only during the call.
	Batch(ctx context.Context, writes []Write) (errs []error)
}

// RunBatch runs writes on st: in one batch if st is a Batcher, else one
// after the other.
func RunBatch(ctx context.Context, st Store, writes []Write) []error {
	if b, ok := st.(Batcher); ok {
		return b.Batch(ctx, writes)
	}
	errs := make([]error, len(writes))
	for i, w := range writes {
		errs[i] = w(ctx, st)
	}
	return errs
}
