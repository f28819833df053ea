package sasl

import "errors"

// Condition is a SASL failure condition of RFC 6120 §6.5. Its string value is
// the name of the condition element; it is an error, so a server-side error
// carries the condition to send (see [ConditionOf]).
type Condition string

// Error returns the condition prefixed with the package name.
func (c Condition) Error() string { return "sasl: " + string(c) }

// The SASL failure conditions of RFC 6120 §6.5.
const (
	// ErrAborted: the initiating entity aborted the exchange (§6.5.1).
	ErrAborted Condition = "aborted"
	// ErrAccountDisabled: the account is temporarily disabled (§6.5.2).
	ErrAccountDisabled Condition = "account-disabled"
	// ErrCredentialsExpired: the credentials have expired (§6.5.3).
	ErrCredentialsExpired Condition = "credentials-expired"
	// ErrEncryptionRequired: the mechanism needs TLS first (§6.5.4).
	ErrEncryptionRequired Condition = "encryption-required"
	// ErrIncorrectEncoding: the base64 encoding is wrong (§6.5.5).
	ErrIncorrectEncoding Condition = "incorrect-encoding"
	// ErrInvalidAuthzid: the authorization identity is malformed or not
	// allowed (§6.5.6).
	ErrInvalidAuthzid Condition = "invalid-authzid"
	// ErrInvalidMechanism: the mechanism was not offered (§6.5.7).
	ErrInvalidMechanism Condition = "invalid-mechanism"
	// ErrMalformedRequest: the request is malformed (§6.5.8).
	ErrMalformedRequest Condition = "malformed-request"
	// ErrMechanismTooWeak: the mechanism is weaker than policy allows
	// (§6.5.9).
	ErrMechanismTooWeak Condition = "mechanism-too-weak"
	// ErrNotAuthorized: the credentials are wrong (§6.5.10).
	ErrNotAuthorized Condition = "not-authorized"
	// ErrTemporaryAuthFailure: a temporary error on the server (§6.5.11).
	ErrTemporaryAuthFailure Condition = "temporary-auth-failure"
)

// ConditionOf returns the failure condition carried by err: the [Condition]
// in its chain, [ErrTemporaryAuthFailure] for any other non-nil error (a
// credential store that failed), and "" for nil.
func ConditionOf(err error) Condition {
	if err == nil {
		return ""
	}
	var c Condition
	if errors.As(err, &c) {
		return c
	}
	return ErrTemporaryAuthFailure
}

// Errors that are not failure conditions sent by a server.
var (
	// ErrUnknownUser is returned by a server's credential lookup for a user
	// it does not know. SCRAM then continues with made-up credentials and
	// ends in not-authorized, so a client cannot tell unknown users from
	// wrong passwords.
	ErrUnknownUser = errors.New("sasl: unknown user")

	// ErrNoMechanism: the client found no offered mechanism it may and can
	// complete on this connection.
	ErrNoMechanism = errors.New("sasl: no usable mechanism offered")

	// ErrDowngrade: a mechanism or channel-binding list was stripped or
	// altered in transit (RFC 5802 §6, XEP-0440, XEP-0474).
	ErrDowngrade = errors.New("sasl: downgrade detected")

	// ErrChannelBinding: channel-binding data are unavailable or do not
	// match (a terminated and re-encrypted TLS connection, for example).
	ErrChannelBinding = errors.New("sasl: channel binding failed")

	// ErrServerSignature: the server's SCRAM signature is missing or wrong,
	// so the server has not proved that it knows the credentials.
	ErrServerSignature = errors.New("sasl: server signature missing or invalid")

	// ErrServerMessage: a server message does not follow the mechanism's
	// syntax or exceeds a limit.
	ErrServerMessage = errors.New("sasl: malformed server message")

	// ErrServerError: the server ended SCRAM with an error attribute ("e=").
	ErrServerError = errors.New("sasl: server reported an error")

	// ErrIterationCount: the server's SCRAM iteration count is outside the
	// client's bounds.
	ErrIterationCount = errors.New("sasl: iteration count out of bounds")

	// ErrInvalidCredentials: a username, password, authorization identity or
	// trace is empty where one is needed, too long, or not allowed by its
	// PRECIS profile (RFC 8265).
	ErrInvalidCredentials = errors.New("sasl: credentials cannot be prepared")

	// ErrUnexpectedStep: Start or Step was called out of order, or after the
	// exchange ended.
	ErrUnexpectedStep = errors.New("sasl: unexpected step")
)
