package disco

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/paging"
)

// Namespaces of service discovery and entity capabilities.
const (
	NSInfo  = "http://jabber.org/protocol/disco#info"
	NSItems = "http://jabber.org/protocol/disco#items"
	NSCaps  = "http://jabber.org/protocol/caps"
	// nsRSM is XEP-0059 result set management, used to page items.
	nsRSM = paging.NS
	// nsXML is the namespace of the xml:lang attribute.
	nsXML = "http://www.w3.org/XML/1998/namespace"
)

// Element names.
var (
	InfoName  = xml.Name{Space: NSInfo, Local: "query"}
	ItemsName = xml.Name{Space: NSItems, Local: "query"}
	CapsName  = xml.Name{Space: NSCaps, Local: "c"}
)
