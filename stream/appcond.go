package stream

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// AppCondition is an application-specific stream error condition
// (RFC 6120 §4.9.4), such as XEP-0198's <handled-count-too-high/>: an
// element outside [NSError], kept as tokens so that it survives parsing and
// writing. It is the same type as the stanza package's.
type AppCondition = stanza.AppCondition

// NewAppCondition returns an empty application-specific condition element.
func NewAppCondition(space, local string, attr ...xml.Attr) AppCondition {
	return stanza.NewAppCondition(space, local, attr...)
}

// appFromElement copies the element e as an application-specific condition.
func appFromElement(e *xmlstream.Element) (AppCondition, error) {
	return stanza.ParseAppCondition(e)
}
