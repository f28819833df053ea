#!/usr/bin/python3
"""An nbxmpp (Gajim's XMPP library) client for the third-party suite.

Usage: nbxmpp_client.py HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE
MODE is starttls or direct-tls. As slixmpp_client.py: log in (the server's
self-signed certificate, CA_FILE, is the one accepted, as a Gajim user
accepts it), send $CANTO_BODY to ECHO_JID, wait for the echo, ping the
server, read its disco#info; print OK.
"""

import sys
import os

import gi
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib

from nbxmpp.client import Client
from nbxmpp.const import ConnectionProtocol, ConnectionType
from nbxmpp.namespaces import Namespace
from nbxmpp.protocol import JID, Message, Presence
from nbxmpp.structs import StanzaHandler

TIMEOUT = 30


class Check:
    def __init__(self, host, port, domain, user, password, ca, echo, mode):
        self.body = os.environ["CANTO_BODY"]
        self.want = os.environ["CANTO_ECHO_PREFIX"] + self.body
        self.echo = echo
        self.domain = domain
        self.result = None
        self.loop = GLib.MainLoop()
        c = Client(log_context="canto")
        c.set_domain(domain)
        c.set_username(user)
        c.set_resource("nbxmpp")
        c.set_password(password)
        kind = ConnectionType.DIRECT_TLS if mode == "direct-tls" else ConnectionType.START_TLS
        c.set_connection_types([kind])
        c.set_custom_host("%s:%s" % (host, port), ConnectionProtocol.TCP, kind)
        c.set_accepted_certificates([Gio.TlsCertificate.new_from_file(ca)])
        c.subscribe("connected", self.on_connected)
        c.subscribe("connection-failed", lambda *a: self.fail("connection failed: %s" % (c.get_error(),)))
        c.subscribe("disconnected", self.on_disconnected)
        c.register_handler(StanzaHandler(name="message", callback=self.on_message))
        self.client = c

    def fail(self, why):
        if self.result is None:
            self.result = "FAIL: " + why
        self.loop.quit()

    def on_connected(self, *_args):
        self.client.send_stanza(Presence())
        self.client.send_stanza(Message(to=JID.from_string(self.echo), body=self.body, typ="chat"))

    def on_message(self, _client, stanza, _properties):
        if stanza.getType() == "error":
            self.fail("message bounced: %s" % stanza)
            return
        body = stanza.getBody()
        if body is None:
            return
        if body != self.want or str(stanza.getFrom().bare) != self.echo:
            self.fail("got %r from %s" % (body, stanza.getFrom()))
            return
        self.client.get_module("Ping").ping(JID.from_string(self.domain), callback=self.on_pong)

    def on_pong(self, task):
        try:
            task.finish()
        except Exception as e:
            self.fail("ping: %s" % e)
            return
        self.client.get_module("Discovery").disco_info(JID.from_string(self.domain), callback=self.on_info)

    def on_info(self, task):
        try:
            info = task.finish()
        except Exception as e:
            self.fail("disco#info: %s" % e)
            return
        if Namespace.PING not in info.features:
            self.fail("server disco#info lacks ping: %s" % info.features)
            return
        self.result = "OK"
        self.client.disconnect()

    def on_disconnected(self, *_args):
        if self.result is None:
            self.result = "FAIL: disconnected: %s" % (self.client.get_error(),)
        self.loop.quit()

    def run(self):
        GLib.timeout_add_seconds(TIMEOUT, lambda: self.fail("timed out"))
        self.client.connect()
        self.loop.run()
        return self.result


def main():
    result = Check(*sys.argv[1:9]).run()
    print(result)
    return 0 if result == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
