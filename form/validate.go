package form

import (
	"errors"
	"fmt"
)

// Errors of [Form.Validate]; each comes wrapped in a *FieldError when it
// concerns one field.
var (
	ErrNoVar          = errors.New("form: field without var")
	ErrDuplicateVar   = errors.New("form: two fields with the same var")
	ErrTooManyValues  = errors.New("form: several values in a single-valued field")
	ErrOptions        = errors.New("form: options in a field that is not a list")
	ErrDuplicateOpt   = errors.New("form: two options with the same label or value")
	ErrTableFields    = errors.New("form: a result with reported items has other top-level fields")
	ErrItemNotInTable = errors.New("form: an item does not match the reported fields")
)

// FieldError says which field broke a rule.
type FieldError struct {
	Var string // the field's var ("" for a field without one)
	Err error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%v (field %q)", e.Err, e.Var) }

// Unwrap returns the rule that was broken.
func (e *FieldError) Unwrap() error { return e.Err }

// Validate checks the rules XEP-0004 §3 sets for a form: a valid type;
// a unique var on every field but fixed ones; at most one value in fields
// of single-valued types; boolean and JID values that parse; options only
// in list fields, unique; and, in a result table, items that carry exactly
// the reported fields and no other top-level fields.
func (f Form) Validate() error {
	if !f.Type.Valid() {
		return ErrBadType
	}
	if err := validateFields(f.Fields); err != nil {
		return err
	}
	if f.Reported == nil {
		return nil
	}
	if len(f.Fields) > 0 {
		return ErrTableFields
	}
	columns, err := varSet(f.Reported)
	if err != nil {
		return err
	}
	for _, it := range f.Items {
		if err := validateItem(columns, it); err != nil {
			return err
		}
	}
	return nil
}

// validateItem checks that item has exactly the reported columns.
func validateItem(columns map[string]struct{}, item []Field) error {
	vars, err := varSet(item)
	if err != nil {
		return err
	}
	if len(vars) != len(columns) || len(item) != len(columns) {
		return ErrItemNotInTable
	}
	for v := range vars {
		if _, ok := columns[v]; !ok {
			return &FieldError{Var: v, Err: ErrItemNotInTable}
		}
	}
	return nil
}

// validateFields checks each field and the uniqueness of their vars (with
// a set, so that a peer's form of many fields costs linear time).
func validateFields(fields []Field) error {
	_, err := varSet(fields)
	return err
}

// varSet validates fields and returns the set of their vars.
func varSet(fields []Field) (map[string]struct{}, error) {
	vars := make(map[string]struct{}, len(fields))
	for _, fl := range fields {
		if err := fl.validate(); err != nil {
			return nil, &FieldError{Var: fl.Var, Err: err}
		}
		if fl.Var == "" {
			continue
		}
		if _, dup := vars[fl.Var]; dup {
			return nil, &FieldError{Var: fl.Var, Err: ErrDuplicateVar}
		}
		vars[fl.Var] = struct{}{}
	}
	return vars, nil
}

// validate checks one field on its own.
func (fl Field) validate() error {
	if fl.Var == "" && fl.Type != Fixed {
		return ErrNoVar
	}
	if len(fl.Values) > 1 && !fl.Type.multiValued() {
		return ErrTooManyValues
	}
	switch fl.Type {
	case Boolean:
		if _, err := fl.Bool(); err != nil {
			return err
		}
	case JIDSingle, JIDMulti:
		if _, err := fl.JIDs(); err != nil {
			return err
		}
	}
	return fl.validateOptions()
}

func (fl Field) validateOptions() error {
	if len(fl.Options) == 0 {
		return nil
	}
	if fl.Type != ListSingle && fl.Type != ListMulti {
		return ErrOptions
	}
	values := make(map[string]struct{}, len(fl.Options))
	labels := make(map[string]struct{}, len(fl.Options))
	for _, o := range fl.Options {
		_, dupValue := values[o.Value]
		_, dupLabel := labels[o.Label]
		if dupValue || o.Label != "" && dupLabel {
			return ErrDuplicateOpt
		}
		values[o.Value] = struct{}{}
		labels[o.Label] = struct{}{}
	}
	return nil
}
