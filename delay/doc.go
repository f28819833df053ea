// Package delay implements XEP-0203 (Delayed Delivery): the <delay/>
// element a server, a chat room or an archive adds to a stanza to say when
// it was first sent.
//
// [Delay] is the wire type; [Find] reads it from a received stanza, and
// [Delay.WriteXML] adds it to one being written. The stamp is an XEP-0082
// DateTime in UTC (package xtime).
//
// A delay notation is not proof of anything: XEP-0203 §5 warns that any
// entity on the path can forge one, so use it for display, not for
// decisions.
//
// Left out: the legacy jabber:x:delay format of XEP-0091.
package delay
