package stanza

// ErrorType says what the sender of a stanza that caused an error may do
// about it (RFC 6120 §8.3.2).
type ErrorType string

// The stanza error types.
const (
	Auth     ErrorType = "auth"     // retry after providing credentials
	Cancel   ErrorType = "cancel"   // do not retry (the error cannot be remedied)
	Continue ErrorType = "continue" // proceed (the condition was only a warning)
	Modify   ErrorType = "modify"   // retry after changing the data sent
	Wait     ErrorType = "wait"     // retry after waiting (the error is temporary)
)

// Valid reports whether t is one of the five defined error types.
func (t ErrorType) Valid() bool {
	switch t {
	case Auth, Cancel, Continue, Modify, Wait:
		return true
	}
	return false
}

// Condition is a defined stanza error condition (RFC 6120 §8.3.3): the local
// name of an element qualified by [NSError].
type Condition string

// The 22 defined conditions of RFC 6120 §8.3.3.
const (
	BadRequest            Condition = "bad-request"
	Conflict              Condition = "conflict"
	FeatureNotImplemented Condition = "feature-not-implemented"
	Forbidden             Condition = "forbidden"
	Gone                  Condition = "gone" // carries the new address in Error.URI
	InternalServerError   Condition = "internal-server-error"
	ItemNotFound          Condition = "item-not-found"
	JIDMalformed          Condition = "jid-malformed"
	NotAcceptable         Condition = "not-acceptable"
	NotAllowed            Condition = "not-allowed"
	NotAuthorized         Condition = "not-authorized"
	PolicyViolation       Condition = "policy-violation"
	RecipientUnavailable  Condition = "recipient-unavailable"
	Redirect              Condition = "redirect" // carries the new address in Error.URI
	RegistrationRequired  Condition = "registration-required"
	RemoteServerNotFound  Condition = "remote-server-not-found"
	RemoteServerTimeout   Condition = "remote-server-timeout"
	ResourceConstraint    Condition = "resource-constraint"
	ServiceUnavailable    Condition = "service-unavailable"
	SubscriptionRequired  Condition = "subscription-required"
	UndefinedCondition    Condition = "undefined-condition"
	UnexpectedRequest     Condition = "unexpected-request"
)

// defaultTypes maps each defined condition to the error type RFC 6120 §8.3.3
// associates with it (where it allows two, the first it names).
var defaultTypes = map[Condition]ErrorType{
	BadRequest: Modify, Conflict: Cancel, FeatureNotImplemented: Cancel,
	Forbidden: Auth, Gone: Cancel, InternalServerError: Cancel,
	ItemNotFound: Cancel, JIDMalformed: Modify, NotAcceptable: Modify,
	NotAllowed: Cancel, NotAuthorized: Auth, PolicyViolation: Modify,
	RecipientUnavailable: Wait, Redirect: Modify, RegistrationRequired: Auth,
	RemoteServerNotFound: Cancel, RemoteServerTimeout: Wait,
	ResourceConstraint: Wait, ServiceUnavailable: Cancel,
	SubscriptionRequired: Auth, UndefinedCondition: Cancel, UnexpectedRequest: Wait,
}

// Defined reports whether c is one of the 22 conditions of RFC 6120 §8.3.3.
func (c Condition) Defined() bool {
	_, ok := defaultTypes[c]
	return ok
}

// DefaultType returns the error type usually sent with c: cancel for a
// condition that is not defined.
func (c Condition) DefaultType() ErrorType {
	if t, ok := defaultTypes[c]; ok {
		return t
	}
	return Cancel
}

// carriesURI reports whether the condition element holds an address as
// character data (RFC 6120 §8.3.3.5 and §8.3.3.14).
func (c Condition) carriesURI() bool { return c == Gone || c == Redirect }
