#!/usr/bin/python3
"""An aioxmpp client for the instant-messaging conversation of im_test.go.

Usage: aioxmpp_im.py HOST PORT DOMAIN USER PASSWORD CA_FILE CANTO_JID MODE
(MODE is starttls). Uses aioxmpp's XSOs for receipts (aioxmpp.mdr, answering
with its compose_receipt), chat states (aioxmpp.chatstates) and corrections
(aioxmpp.misc.Replace). The conversation is slixmpp_im.py's. Prints OK and
exits 0 when all of it worked.
"""

import asyncio
import logging
import sys

import aioxmpp
import aioxmpp.chatstates
import aioxmpp.connector
import aioxmpp.mdr
import aioxmpp.misc
import aioxmpp.security_layer

TIMEOUT = 15
FIRST_ID, FIRST, FIXED = "m1", "helo", "hello"
PING, PONG = "ping from canto", "pong from canto"


async def check(host, port, domain, user, password, ca, canto):
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
    for typ in (aioxmpp.MessageType.CHAT, aioxmpp.MessageType.NORMAL, aioxmpp.MessageType.ERROR):
        client.stream.register_message_callback(typ, None, inbox.put_nowait)
    canto_jid = aioxmpp.JID.fromstr(canto)

    async def next_message(want):
        """Waits for the next message from the Canto client that want accepts."""
        while True:
            m = await asyncio.wait_for(inbox.get(), TIMEOUT)
            if m.type_ == aioxmpp.MessageType.ERROR:
                raise RuntimeError("message bounced: %s" % m)
            if m.from_.bare() == canto_jid and want(m):
                return m

    def text(m):
        return m.body.any() if m.body else None

    async with client.connected() as stream:
        first = aioxmpp.Message(to=canto_jid, type_=aioxmpp.MessageType.CHAT, id_=FIRST_ID)
        first.body[None] = FIRST
        first.xep0184_request_receipt = True
        first.xep0085_chatstate = aioxmpp.chatstates.ChatState.ACTIVE
        await stream.send(first)
        r = await next_message(lambda m: m.xep0184_received is not None)
        if r.xep0184_received.message_id != FIRST_ID:
            raise RuntimeError("receipt for %r, want %r" % (r.xep0184_received.message_id, FIRST_ID))

        composing = aioxmpp.Message(to=canto_jid, type_=aioxmpp.MessageType.CHAT)
        composing.xep0085_chatstate = aioxmpp.chatstates.ChatState.COMPOSING
        await stream.send(composing)
        fix = aioxmpp.Message(to=canto_jid, type_=aioxmpp.MessageType.CHAT)
        fix.body[None] = FIXED
        fix.xep0308_replace = aioxmpp.misc.Replace()
        fix.xep0308_replace.id_ = FIRST_ID
        await stream.send(fix)

        await next_message(lambda m: m.xep0085_chatstate == aioxmpp.chatstates.ChatState.COMPOSING and not m.body)
        ping = await next_message(lambda m: text(m) == PING)
        if not ping.xep0184_request_receipt:
            raise RuntimeError("the Canto message asks for no receipt: %s" % ping)
        await stream.send(aioxmpp.mdr.compose_receipt(ping))
        pong = await next_message(lambda m: text(m) is not None)
        replaced = pong.xep0308_replace.id_ if pong.xep0308_replace else None
        if text(pong) != PONG or replaced != ping.id_:
            raise RuntimeError("got %r replacing %r, want %r replacing %r" % (text(pong), replaced, PONG, ping.id_))


def main():
    host, port, domain, user, password, ca, canto, _mode = sys.argv[1:9]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), domain, user, password, ca, canto), 4 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
