package xmpp_test

import (
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
)

var errNotAuthorized = sasl.ErrNotAuthorized

var errStreamEnd = xmlstream.ErrStreamEnd
