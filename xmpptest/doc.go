// Package xmpptest is Canto's public test kit, in the spirit of
// net/http/httptest, and the one test layer every package of the module
// uses:
//
//   - sessions: [Pair] connects a client and a server session over
//     net.Pipe (or loopback TCP), negotiated for real (optionally with
//     TLS), with each side's handler, and closes them when the test ends;
//     [NewClientServer] does the same without a test;
//   - elements: [Element] and [ElementIn] read XML text as a session
//     would, [Marshal] and [MarshalIn] write a marshaler to text, and
//     [SameXML] compares elements by meaning; [ReadElement] and
//     [MarshalString] are their forms for fuzz targets, which return errors
//     instead of failing the test;
//   - wire types: [RunWire] runs a table of [WireCase]s against a type's
//     writer and parser: write, parse, round trip and expected errors;
//   - [Main], for TestMain: runs the tests, then fails if they left
//     goroutines running;
//   - self-signed certificates ([Certificate]), in-memory SCRAM accounts
//     ([NewAccounts]), and a scriptable [Peer] for testing one side of a
//     negotiation byte by byte.
//
// Every package's tests start with
//
//	func TestMain(m *testing.M) { xmpptest.Main(m) }
//
// except those of the packages this one is built on, whose tests are in
// the package itself and cannot import it (jid, xmlstream, sasl, dial,
// internal/discover): they call internal/leaktest, which is the same check.
package xmpptest
