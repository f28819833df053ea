package stream

// The 25 defined stream error conditions of RFC 6120 §4.9.3, as patterns
// for errors.Is and as values to send (set Text or Host on a copy).
var (
	BadFormat              = Error{Condition: "bad-format"}
	BadNamespacePrefix     = Error{Condition: "bad-namespace-prefix"}
	Conflict               = Error{Condition: "conflict"}
	ConnectionTimeout      = Error{Condition: "connection-timeout"}
	HostGone               = Error{Condition: "host-gone"}
	HostUnknown            = Error{Condition: "host-unknown"}
	ImproperAddressing     = Error{Condition: "improper-addressing"}
	InternalServerError    = Error{Condition: "internal-server-error"}
	InvalidFrom            = Error{Condition: "invalid-from"}
	InvalidNamespace       = Error{Condition: "invalid-namespace"}
	InvalidXML             = Error{Condition: "invalid-xml"}
	NotAuthorized          = Error{Condition: "not-authorized"}
	NotWellFormed          = Error{Condition: "not-well-formed"}
	PolicyViolation        = Error{Condition: "policy-violation"}
	RemoteConnectionFailed = Error{Condition: "remote-connection-failed"}
	Reset                  = Error{Condition: "reset"}
	ResourceConstraint     = Error{Condition: "resource-constraint"}
	RestrictedXML          = Error{Condition: "restricted-xml"}
	// SeeOtherHost carries the host to reconnect to in Error.Host.
	SeeOtherHost          = Error{Condition: "see-other-host"}
	SystemShutdown        = Error{Condition: "system-shutdown"}
	UndefinedCondition    = Error{Condition: "undefined-condition"}
	UnsupportedEncoding   = Error{Condition: "unsupported-encoding"}
	UnsupportedFeature    = Error{Condition: "unsupported-feature"}
	UnsupportedStanzaType = Error{Condition: "unsupported-stanza-type"}
	UnsupportedVersion    = Error{Condition: "unsupported-version"}
)

// definedConditions lists the condition names of RFC 6120 §4.9.3.
var definedConditions = map[string]bool{}

func init() {
	for _, e := range []Error{BadFormat, BadNamespacePrefix, Conflict, ConnectionTimeout,
		HostGone, HostUnknown, ImproperAddressing, InternalServerError, InvalidFrom,
		InvalidNamespace, InvalidXML, NotAuthorized, NotWellFormed, PolicyViolation,
		RemoteConnectionFailed, Reset, ResourceConstraint, RestrictedXML, SeeOtherHost,
		SystemShutdown, UndefinedCondition, UnsupportedEncoding, UnsupportedFeature,
		UnsupportedStanzaType, UnsupportedVersion} {
		definedConditions[e.Condition] = true
	}
}

// DefinedCondition reports whether name is one of the 25 conditions of
// RFC 6120 §4.9.3.
func DefinedCondition(name string) bool { return definedConditions[name] }
