package stanza

// MessageType is the type attribute of a message (RFC 6121 §5.2.2).
// The empty MessageType means the attribute is absent, which RFC 6121
// treats as [NormalMessage].
type MessageType string

// The message types.
const (
	NormalMessage    MessageType = "normal"
	ChatMessage      MessageType = "chat"
	GroupChatMessage MessageType = "groupchat"
	HeadlineMessage  MessageType = "headline"
	ErrorMessage     MessageType = "error"
)

// Valid reports whether t is absent or one of the defined message types.
func (t MessageType) Valid() bool {
	switch t {
	case "", NormalMessage, ChatMessage, GroupChatMessage, HeadlineMessage, ErrorMessage:
		return true
	}
	return false
}

// PresenceType is the type attribute of a presence (RFC 6121 §4.7.1).
type PresenceType string

// The presence types. [AvailablePresence] is the absent attribute.
const (
	AvailablePresence    PresenceType = ""
	UnavailablePresence  PresenceType = "unavailable"
	SubscribePresence    PresenceType = "subscribe"
	SubscribedPresence   PresenceType = "subscribed"
	UnsubscribePresence  PresenceType = "unsubscribe"
	UnsubscribedPresence PresenceType = "unsubscribed"
	ProbePresence        PresenceType = "probe"
	ErrorPresence        PresenceType = "error"
)

// Valid reports whether t is one of the defined presence types.
func (t PresenceType) Valid() bool {
	switch t {
	case AvailablePresence, UnavailablePresence, SubscribePresence, SubscribedPresence,
		UnsubscribePresence, UnsubscribedPresence, ProbePresence, ErrorPresence:
		return true
	}
	return false
}

// IQType is the type attribute of an IQ (RFC 6120 §8.2.3); it is required.
type IQType string

// The IQ types.
const (
	GetIQ    IQType = "get"
	SetIQ    IQType = "set"
	ResultIQ IQType = "result"
	ErrorIQ  IQType = "error"
)

// Valid reports whether t is one of the four IQ types.
func (t IQType) Valid() bool {
	switch t {
	case GetIQ, SetIQ, ResultIQ, ErrorIQ:
		return true
	}
	return false
}

// IsRequest reports whether t is get or set: an IQ that must be answered.
func (t IQType) IsRequest() bool { return t == GetIQ || t == SetIQ }
