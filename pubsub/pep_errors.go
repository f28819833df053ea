package pubsub

import "github.com/canto-im/xmpp/stanza"

// NSErrors is the namespace of XEP-0060's application-specific error
// conditions (§14.2, pubsub#errors).
const NSErrors = NS + "#errors"

// pubsubError is a stanza error with a pubsub#errors condition.
func pubsubError(c stanza.Condition, app string) stanza.Error {
	e := stanza.NewError(c)
	if app != "" {
		e.App = stanza.NewAppCondition(NSErrors, app)
	}
	return e
}

// unsupported is feature-not-implemented with <unsupported
// feature='...'/> (§7.1.3.1, §14.2).
func unsupported(feature string) stanza.Error {
	e := stanza.NewError(stanza.FeatureNotImplemented)
	e.App = stanza.NewAppCondition(NSErrors, "unsupported", attr("feature", feature))
	return e
}

var (
	errNodeRequired    = pubsubError(stanza.BadRequest, "nodeid-required")
	errItemRequired    = pubsubError(stanza.BadRequest, "item-required")
	errInvalidPayload  = pubsubError(stanza.BadRequest, "invalid-payload")
	errPayloadRequired = pubsubError(stanza.BadRequest, "payload-required")
	errPayloadTooBig   = pubsubError(stanza.NotAcceptable, "payload-too-big")
	errPrecondition    = pubsubError(stanza.Conflict, "precondition-not-met")
	// §6.5.9.3 and §6.5.9.5: who may not read the node.
	errPresenceRequired = pubsubError(stanza.NotAuthorized, "presence-subscription-required")
	errClosedNode       = pubsubError(stanza.NotAllowed, "closed-node")
	errNoNode           = stanza.NewError(stanza.ItemNotFound)
	errNotOwner         = stanza.NewError(stanza.Forbidden)
	errInternal         = stanza.NewError(stanza.InternalServerError)
)
