// Package thirdparty runs third-party XMPP clients against the embedded
// server (package server, what `xmpp serve` runs) on loopback: Python
// (slixmpp, aioxmpp, nbxmpp), command-line tools (sendxmpp, go-sendxmpp,
// check_xmppng), a C program on libstrophe, and JavaScript (@xmpp/client,
// StanzaJS, Strophe.js) under Node.js. Each logs in with its defaults,
// exchanges messages both ways with a Canto client, pings the server and
// queries its disco#info, where the client can. slixmpp, aioxmpp and
// @xmpp/client also exchange delivery receipts, chat states and
// corrections with a Canto client, both ways (im_test.go). A slixmpp
// external component (XEP-0114) connects to the component listener and
// exchanges messages both ways with a Canto client (component_test.go).
// @xmpp/client uploads a file through the server's mounted upload service
// (XEP-0363; js_upload_test.go). A slixmpp client reads a room's history
// on join against the three servers of package interop (muchistory_test.go
// there, with this package's script).
//
// The clients come from Debian packages and from npm (testdata/js, with
// its lock file); .ci/run installs both. A test whose client is missing is
// skipped, unless CANTO_REQUIRE_INTEROP is set (as in CI), when it fails.
package thirdparty
