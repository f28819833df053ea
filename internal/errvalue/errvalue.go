// Package errvalue holds what the error types that are used both as values
// and as pointers (stanza.Error, stream.Error) share: matching a target of
// either form in errors.Is and filling one in errors.As.
package errvalue

// Target returns the value a target of type T or *T holds, and false for
// any other target (or a nil pointer).
func Target[T any](target error) (T, bool) {
	var zero T
	switch v := any(target).(type) {
	case T:
		return v, true
	case *T:
		if v == nil {
			return zero, false
		}
		return *v, true
	}
	return zero, false
}

// As fills a target of type *T or **T with e, for errors.As.
func As[T any](e T, target any) bool {
	switch t := target.(type) {
	case *T:
		*t = e
		return true
	case **T:
		*t = &e
		return true
	}
	return false
}
