#!/usr/bin/python3
"""A slixmpp external component (XEP-0114) for component_test.go.

Usage: slixmpp_component.py HOST PORT COMPONENT_DOMAIN SECRET SERVER_DOMAIN CANTO_JID

Connects to the server's component listener as COMPONENT_DOMAIN with
SECRET, queries the server's disco#items (which must list the component),
sends CANTO_JID the body from CANTO_BODY as bot@COMPONENT_DOMAIN and waits
for the Canto client's echo. Then waits for a message the Canto client
sends to the component on its own and answers it. Prints OK and exits 0
when all of it worked.
"""

import asyncio
import logging
import os
import sys

from slixmpp import ComponentXMPP

TIMEOUT = 15


class Component(ComponentXMPP):
    def __init__(self, jid, secret, host, port):
        super().__init__(jid, secret, host, port)
        self.register_plugin("xep_0030")
        self.started = asyncio.Event()
        self.messages = asyncio.Queue()
        self.add_event_handler("session_start", lambda _e: self.started.set())
        self.add_event_handler("message", lambda m: self.messages.put_nowait(m))

    async def next_message(self):
        while True:
            msg = await asyncio.wait_for(self.messages.get(), TIMEOUT)
            if msg["type"] == "error":
                raise RuntimeError("message bounced: %s" % msg)
            return msg


async def check(host, port, comp, secret, server, canto):
    body, prefix = os.environ["CANTO_BODY"], os.environ["CANTO_ECHO_PREFIX"]
    c = Component(comp, secret, host, port)
    c.connect()
    await asyncio.wait_for(c.started.wait(), TIMEOUT)

    items = await c["xep_0030"].get_items(jid=server, ifrom="bot@" + comp, timeout=TIMEOUT)
    listed = [i[0] for i in items["disco_items"]["items"]]
    if comp not in listed:
        raise RuntimeError("disco#items of %s: %r, without %s" % (server, listed, comp))

    c.send_message(mto=canto, mfrom="bot@" + comp, mbody=body, mtype="chat")
    echo = await c.next_message()
    if echo["from"].bare != canto or echo["to"] != "bot@" + comp or echo["body"] != prefix + body:
        raise RuntimeError("unexpected echo: %s" % echo)

    hello = await c.next_message()
    if hello["from"].bare != canto or hello["to"].bare != "greeter@" + comp:
        raise RuntimeError("unexpected message: %s" % hello)
    c.send_message(mto=hello["from"], mfrom=hello["to"], mbody="re: " + hello["body"], mtype="chat")
    # Let the answer leave before the stream closes.
    await asyncio.sleep(0.2)
    c.disconnect()
    print("OK")


def main():
    if os.environ.get("CANTO_DEBUG"):
        logging.basicConfig(level=logging.DEBUG)
    host, port, comp, secret, server, canto = sys.argv[1:7]
    asyncio.run(check(host, int(port), comp, secret, server, canto))


if __name__ == "__main__":
    main()
