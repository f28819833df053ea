package pubsub_test

import (
	"testing"

	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/pubsub/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) pubsub.Store { return new(pubsub.MemoryStore) })
}
