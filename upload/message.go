package upload

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/oob"
)

// Message returns a chat message to to sharing the uploaded file at
// getURL: the URL as body, for clients without XEP-0066, and as
// out-of-band data, which clients show as the file itself.
func Message(to jid.JID, getURL string) *message.Message {
	m := message.Chat(to, getURL)
	m.Payload = append(m.Payload, oob.Data{URL: getURL})
	return m
}
