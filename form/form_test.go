package form_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/xmpptest"
)

// botForm is the form of XEP-0004 §6.1, abridged.
var botForm = form.Form{
	Type:         form.TypeForm,
	Title:        "Bot Configuration",
	Instructions: []string{"Fill out this form to configure your new bot!"},
	Fields: []form.Field{
		form.HiddenFormType("jabber:bot"),
		{Type: form.Fixed, Values: []string{"Section 1: Bot Info"}},
		{Var: "botname", Type: form.TextSingle, Label: "The name of your bot"},
		{Var: "public", Type: form.Boolean, Label: "Public bot?", Required: true},
		{Var: "features", Type: form.ListMulti, Label: "Features?", Required: true,
			Options: []form.Option{{Label: "Contests", Value: "contests"}, {Label: "News", Value: "news"}},
			Values:  []string{"news"}},
		{Var: "invitelist", Type: form.JIDMulti, Label: "People to invite", Desc: "Tell all your friends about your new bot!"},
	},
}

const botFormXML = `<x xmlns="jabber:x:data" type="form">` +
	`<instructions>Fill out this form to configure your new bot!</instructions>` +
	`<title>Bot Configuration</title>` +
	`<field var="FORM_TYPE" type="hidden"><value>jabber:bot</value></field>` +
	`<field type="fixed"><value>Section 1: Bot Info</value></field>` +
	`<field var="botname" type="text-single" label="The name of your bot"/>` +
	`<field var="public" type="boolean" label="Public bot?"><required/></field>` +
	`<field var="features" type="list-multi" label="Features?"><required/><value>news</value>` +
	`<option label="Contests"><value>contests</value></option><option label="News"><value>news</value></option></field>` +
	`<field var="invitelist" type="jid-multi" label="People to invite"><desc>Tell all your friends about your new bot!</desc></field>` +
	`</x>`

// searchResult is a result table as in XEP-0004 §6.2.
var searchResult = form.Form{
	Type:     form.TypeResult,
	Title:    "Joogle Search: verona",
	Reported: []form.Field{{Var: "name"}, {Var: "url"}},
	Items: [][]form.Field{
		{{Var: "name", Values: []string{"Comune di Verona"}}, {Var: "url", Values: []string{"http://www.comune.verona.it/"}}},
		{{Var: "name", Values: []string{"benvenuto!"}}, {Var: "url", Values: []string{"http://www.hellasverona.it/"}}},
	},
}

const searchResultXML = `<x xmlns="jabber:x:data" type="result"><title>Joogle Search: verona</title>` +
	`<reported><field var="name"/><field var="url"/></reported>` +
	`<item><field var="name"><value>Comune di Verona</value></field><field var="url"><value>http://www.comune.verona.it/</value></field></item>` +
	`<item><field var="name"><value>benvenuto!</value></field><field var="url"><value>http://www.hellasverona.it/</value></field></item>` +
	`</x>`

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, form.Parse, []xmpptest.WireCase[form.Form]{
		{Name: "form", XML: botFormXML, Value: botForm},
		{Name: "result table", XML: searchResultXML, Value: searchResult},
		{Name: "cancel", XML: `<x xmlns="jabber:x:data" type="cancel"/>`, Value: form.Form{Type: form.TypeCancel}},
		{Name: "empty value kept", XML: `<x xmlns="jabber:x:data" type="submit"><field var="a"><value/></field></x>`,
			Value: form.Form{Type: form.TypeSubmit, Fields: []form.Field{{Var: "a", Values: []string{""}}}}},
		{Name: "empty reported", XML: `<x xmlns='jabber:x:data' type='result'><reported/></x>`,
			Value: form.Form{Type: form.TypeResult, Reported: []form.Field{}}},
		{Name: "unknown field type is text-single", ParseOnly: true,
			XML:   `<x xmlns='jabber:x:data' type='submit'><field var='a' type='colour'><value>red</value></field></x>`,
			Value: form.Form{Type: form.TypeSubmit, Fields: []form.Field{{Var: "a", Type: form.TextSingle, Values: []string{"red"}}}}},
		{Name: "foreign elements skipped", ParseOnly: true,
			XML:   `<x xmlns='jabber:x:data' type='form'><page xmlns='http://jabber.org/protocol/xdata-layout'/><field var='a'><media xmlns='urn:xmpp:media-element'/><validate xmlns='http://jabber.org/protocol/xdata-validate'/></field></x>`,
			Value: form.Form{Type: form.TypeForm, Fields: []form.Field{{Var: "a"}}}},

		{Name: "no type", XML: `<x xmlns='jabber:x:data'/>`, WantErr: form.ErrBadType},
		{Name: "wrong namespace", XML: `<x xmlns='jabber:x:oob'/>`, WantErr: form.ErrNotForm},
		{Name: "option without value", XML: `<x xmlns='jabber:x:data' type='form'><field var='a' type='list-single'><option label='x'/></field></x>`,
			WantErr: form.ErrBadOption},
		{Name: "option with two values", XML: `<x xmlns='jabber:x:data' type='form'><field var='a' type='list-single'><option><value>1</value><value>2</value></option></field></x>`,
			WantErr: form.ErrBadOption},
		{Name: "two reported", XML: `<x xmlns='jabber:x:data' type='result'><reported/><reported/></x>`, WantErr: form.ErrReported},
		{Name: "write without a type", Value: form.Form{}, WantErr: form.ErrBadType},
		{Name: "write a bad type", Value: form.Form{Type: "error"}, WantErr: form.ErrBadType},
	})
}

func TestFormType(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    form.Form
		want string
	}{
		{"hidden", botForm, "jabber:bot"},
		{"untyped in a submission", form.Form{Type: form.TypeSubmit, Fields: []form.Field{{Var: "FORM_TYPE", Values: []string{"urn:x"}}}}, "urn:x"},
		{"not hidden", form.Form{Type: form.TypeForm, Fields: []form.Field{{Var: "FORM_TYPE", Type: form.TextSingle, Values: []string{"urn:x"}}}}, ""},
		{"none", searchResult, ""},
	} {
		if got := tc.f.FormType(); got != tc.want {
			t.Errorf("%s: FormType() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	submit := func(fields ...form.Field) form.Form { return form.Form{Type: form.TypeSubmit, Fields: fields} }
	for _, tc := range []struct {
		name string
		f    form.Form
		want error
	}{
		{"bot form", botForm, nil},
		{"result table", searchResult, nil},
		{"no type", form.Form{}, form.ErrBadType},
		{"missing var", submit(form.Field{Values: []string{"x"}}), form.ErrNoVar},
		{"fixed without var", submit(form.Field{Type: form.Fixed, Values: []string{"x"}}), nil},
		{"duplicate var", submit(form.Field{Var: "a"}, form.Field{Var: "a"}), form.ErrDuplicateVar},
		{"two values in text-single", submit(form.Field{Var: "a", Values: []string{"1", "2"}}), form.ErrTooManyValues},
		{"two values in text-multi", submit(form.Field{Var: "a", Type: form.TextMulti, Values: []string{"1", "2"}}), nil},
		{"boolean", submit(form.Field{Var: "a", Type: form.Boolean, Values: []string{"true"}}), nil},
		{"bad boolean", submit(form.Field{Var: "a", Type: form.Boolean, Values: []string{"yes"}}), form.ErrBadBool},
		{"bad jid", submit(form.Field{Var: "a", Type: form.JIDMulti, Values: []string{"a@b", "@"}}), form.ErrBadJID},
		{"options in text field", submit(form.Field{Var: "a", Options: []form.Option{{Value: "1"}}}), form.ErrOptions},
		{"duplicate option", submit(form.Field{Var: "a", Type: form.ListSingle, Options: []form.Option{{Value: "1"}, {Value: "1"}}}), form.ErrDuplicateOpt},
		{"duplicate label", submit(form.Field{Var: "a", Type: form.ListSingle, Options: []form.Option{{Label: "x", Value: "1"}, {Label: "x", Value: "2"}}}), form.ErrDuplicateOpt},
		{"table with fields", form.Form{Type: form.TypeResult, Fields: []form.Field{{Var: "x"}}, Reported: []form.Field{{Var: "a"}}}, form.ErrTableFields},
		{"item missing a column", form.Form{Type: form.TypeResult, Reported: []form.Field{{Var: "a"}, {Var: "b"}}, Items: [][]form.Field{{{Var: "a"}}}}, form.ErrItemNotInTable},
		{"item with another column", form.Form{Type: form.TypeResult, Reported: []form.Field{{Var: "a"}}, Items: [][]form.Field{{{Var: "b"}}}}, form.ErrItemNotInTable},
	} {
		err := tc.f.Validate()
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: Validate() = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestFieldValues(t *testing.T) {
	for _, tc := range []struct {
		values []string
		want   bool
		err    error
	}{
		{nil, false, nil}, {[]string{"1"}, true, nil}, {[]string{"true"}, true, nil},
		{[]string{"0"}, false, nil}, {[]string{"false"}, false, nil}, {[]string{"TRUE"}, false, form.ErrBadBool},
	} {
		got, err := form.Field{Type: form.Boolean, Values: tc.values}.Bool()
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("Bool(%q) = %v, %v", tc.values, got, err)
		}
	}
	js, err := form.Field{Type: form.JIDMulti, Values: []string{"Juliet@Capulet.lit", "juliet@capulet.lit", "romeo@montague.lit"}}.JIDs()
	if err != nil || len(js) != 2 || js[0].String() != "juliet@capulet.lit" || js[1].String() != "romeo@montague.lit" {
		t.Errorf("JIDs() = %v, %v; want the two distinct JIDs", js, err)
	}
	var fe *form.FieldError
	if err := (form.Form{Type: form.TypeSubmit, Fields: []form.Field{{Var: "x", Type: form.Boolean, Values: []string{"2"}}}}).Validate(); !errors.As(err, &fe) || fe.Var != "x" {
		t.Errorf("Validate() = %v, want a FieldError for x", err)
	}
}
