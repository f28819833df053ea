// Package stream implements the XML stream of RFC 6120 §4: the stream header
// that opens each direction of a stream (§4.2, §4.7), its closing tag
// (§4.4), stream errors with all the defined conditions (§4.9), and the
// <stream:features/> element that lists what the receiving entity offers
// (§4.3.2).
//
// It also reads and writes the <open/> and <close/> elements that take the
// place of the stream header and closing tag on WebSocket connections
// (RFC 7395 §3.3.2, §3.4 and §3.6).
//
// Errors found while reading a header are returned as stream errors (*[Error])
// ready to be sent before closing the stream; [FromDecodeError] turns the
// errors of the token layer into the stream error to send.
package stream
