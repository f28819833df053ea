#!/usr/bin/python3
"""An aioxmpp client for the third-party suite.

Usage: aioxmpp_client.py HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE
MODE is starttls (aioxmpp 0.13 speaks STARTTLS only). As
slixmpp_client.py: log in with the certificate checked against CA_FILE,
send $CANTO_BODY to ECHO_JID, wait for the echo, ping the server, read its
disco#info; print OK.
"""

import asyncio
import logging
import os
import sys

import aioxmpp
import aioxmpp.connector
import aioxmpp.disco
import aioxmpp.ping
import aioxmpp.security_layer
import OpenSSL.SSL

TIMEOUT = 15


async def check(host, port, domain, user, password, ca, echo):
    body = os.environ["CANTO_BODY"]
    want = os.environ["CANTO_ECHO_PREFIX"] + body

    def ssl_context():
        ctx = aioxmpp.security_layer.default_ssl_context()
        ctx.load_verify_locations(ca)
        return ctx

    security = aioxmpp.make_security_layer(password)._replace(ssl_context_factory=ssl_context)
    client = aioxmpp.PresenceManagedClient(
        aioxmpp.JID.fromstr("%s@%s/aioxmpp" % (user, domain)), security,
        override_peer=[(host, port, aioxmpp.connector.STARTTLSConnector())])
    client.presence = aioxmpp.PresenceState(True)
    inbox = asyncio.Queue()
    client.stream.register_message_callback(aioxmpp.MessageType.CHAT, None, inbox.put_nowait)
    async with client.connected() as stream:
        msg = aioxmpp.Message(to=aioxmpp.JID.fromstr(echo), type_=aioxmpp.MessageType.CHAT)
        msg.body[None] = body
        await stream.send(msg)
        got = await asyncio.wait_for(inbox.get(), TIMEOUT)
        text = got.body.any() if got.body else None
        if text != want or str(got.from_.bare()) != echo:
            raise RuntimeError("got %r from %s" % (text, got.from_))
        await asyncio.wait_for(aioxmpp.ping.ping(client, aioxmpp.JID.fromstr(domain)), TIMEOUT)
        disco = client.summon(aioxmpp.DiscoClient)
        info = await asyncio.wait_for(disco.query_info(aioxmpp.JID.fromstr(domain)), TIMEOUT)
        if "urn:xmpp:ping" not in info.features:
            raise RuntimeError("server disco#info lacks ping: %s" % info.features)


def main():
    host, port, domain, user, password, ca, echo, _mode = sys.argv[1:9]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), domain, user, password, ca, echo), 4 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
