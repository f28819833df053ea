package xmpp_test

import (
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
)

var errNotAuthorized = sasl.ErrNotAuthorized

// marshalFunc adapts a write function to xmlstream.Marshaler.
type marshalFunc func(w xmlstream.Encoder) error

func (f marshalFunc) WriteXML(w xmlstream.Encoder) error { return f(w) }

var errStreamEnd = xmlstream.ErrStreamEnd
