package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp/server/store"
)

// A store keeps offline messages within a quota: the third message of a
// two-message quota is refused.
func ExampleMemory_PushOffline() {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	if err := st.CreateAccount(ctx, "juliet", store.Credentials{}); err != nil {
		fmt.Println(err)
		return
	}
	q := store.Quota{Messages: 2, Bytes: 1 << 10}
	for _, body := range []string{"one", "two", "three"} {
		m := store.OfflineMessage{Stamp: time.Now(), Stanza: []byte("<message><body>" + body + "</body></message>")}
		if _, err := st.PushOffline(ctx, "juliet", m, q); err != nil {
			fmt.Println(body+":", err)
		}
	}
	msgs, _ := st.OfflineMessages(ctx, "juliet")
	for _, m := range msgs {
		fmt.Println(string(m.Stanza))
	}
	// Output:
	// three: store: offline storage full
	// <message><body>one</body></message>
	// <message><body>two</body></message>
}
