// Package version implements XEP-0092 (Software Version): asking an
// entity which software it runs, and answering such questions.
//
// [Get] asks; a [Handler] registered with a mux answers with the name and
// version it is given. [Info] is the wire type, the <query/> of a result.
//
// XEP-0092 is covered in full. As its §5 requires, the operating system is
// only disclosed when the application sets it (Handler.OS). XEP-0092 §1
// advises against asking contacts whose presence you receive (use
// XEP-0115 caps instead); that is the caller's choice.
package version
