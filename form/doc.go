// Package form implements XEP-0004 (Data Forms): the <x xmlns='jabber:x:data'/>
// element that services use to ask for, submit and report structured data,
// and that XEP-0128 puts into service discovery results.
//
// [Form] and [Field] are the wire types, plain values to build or inspect;
// [Parse] reads a received form and [Form.WriteXML] writes one. Parsing
// keeps what a peer sent, as far as the types can hold it; [Form.Validate]
// checks the rules of XEP-0004 §3 for the side that processes a form.
// FORM_TYPE (XEP-0068) is read by [Form.FormType].
//
// Left out: layout (XEP-0141), validation datatypes (XEP-0122) and media
// (XEP-0221); their elements are skipped when parsing.
package form
