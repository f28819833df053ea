#!/usr/bin/python3
"""A slixmpp client for the instant-messaging conversation of im_test.go.

Usage: slixmpp_im.py HOST PORT DOMAIN USER PASSWORD CA_FILE CANTO_JID MODE
(MODE is starttls). Uses slixmpp's own plugins: xep_0184 (receipts, answered
automatically), xep_0085 (chat states) and xep_0308 (corrections). Sends
CANTO_JID a message asking for a receipt and waits for it, sends
<composing/> and a correction, then waits for the Canto client's
<composing/>, its message asking for a receipt (which the plugin answers)
and its correction. Prints OK and exits 0 when all of it worked.
"""

import asyncio
import logging
import sys
from pathlib import Path

from slixmpp import ClientXMPP

TIMEOUT = 15
FIRST_ID, FIRST, FIXED = "m1", "helo", "hello"
PING, PONG = "ping from canto", "pong from canto"


class Client(ClientXMPP):
    def __init__(self, jid, password, ca):
        super().__init__(jid, password)
        self.ca_certs = Path(ca)
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0308"):
            self.register_plugin(plugin)
        self.started = asyncio.Event()
        self.failed = None
        self.events = asyncio.Queue()
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("receipt_received", lambda m: self.events.put_nowait(("receipt", m)))
        self.add_event_handler("chatstate", lambda m: self.events.put_nowait(("state", m)))
        self.add_event_handler("message", lambda m: self.events.put_nowait(("message", m)))

    async def on_start(self, _event):
        self.send_presence()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()

    async def next(self, kind, canto):
        """Waits for the next event of kind from the Canto client."""
        while True:
            got, msg = await asyncio.wait_for(self.events.get(), TIMEOUT)
            if msg["type"] == "error":
                raise RuntimeError("message bounced: %s" % msg)
            if got == kind and msg["from"].bare == canto:
                return msg


async def check(host, port, domain, user, password, ca, canto):
    c = Client("%s@%s/slixmpp" % (user, domain), password, ca)
    c.connect((host, port), force_starttls=True)
    await asyncio.wait_for(c.started.wait(), TIMEOUT)
    if c.failed:
        raise RuntimeError("could not log in: %s" % c.failed)

    first = c.make_message(mto=canto, mbody=FIRST, mtype="chat")
    first["id"] = FIRST_ID
    first["request_receipt"] = True
    first["chat_state"] = "active"
    first.send()
    r = await c.next("receipt", canto)
    if r["receipt"] != FIRST_ID:
        raise RuntimeError("receipt for %r, want %r" % (r["receipt"], FIRST_ID))

    composing = c.make_message(mto=canto, mtype="chat")
    composing["chat_state"] = "composing"
    composing.send()
    fix = c.make_message(mto=canto, mbody=FIXED, mtype="chat")
    fix["replace"]["id"] = FIRST_ID
    fix.send()

    s = await c.next("state", canto)
    if s["chat_state"] != "composing":
        raise RuntimeError("chat state %r, want composing" % s["chat_state"])
    while True:
        m = await c.next("message", canto)
        if m["body"] == PING:
            break
    if not m["request_receipt"]:
        raise RuntimeError("the Canto message asks for no receipt: %s" % m)
    ping_id = m["id"]
    while True:
        m = await c.next("message", canto)
        if m["body"]:
            break
    if m["body"] != PONG or m["replace"]["id"] != ping_id:
        raise RuntimeError("got %r replacing %r, want %r replacing %r" % (m["body"], m["replace"]["id"], PONG, ping_id))
    c.disconnect()
    await asyncio.wait_for(c.disconnected, TIMEOUT)


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
