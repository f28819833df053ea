#!/usr/bin/python3
"""Interop check: two slixmpp clients use the Canto embedded server.

Usage: slixmpp_check.py HOST PORT CA_FILE DOMAIN (starttls|direct-tls)

Both clients log in (verifying the server's certificate against CA_FILE
and DOMAIN), send initial presence and fetch their rosters; alice sends bob
a message, bob answers it, alice pings the server and bob's full JID (a ping
routed through the server and answered by slixmpp). Prints OK and exits 0
when all of it worked, prints the failure and exits 1 otherwise.
"""

import asyncio
import logging
import sys
from pathlib import Path

from slixmpp import ClientXMPP

TIMEOUT = 15


class Client(ClientXMPP):
    def __init__(self, jid, password, ca):
        super().__init__(jid, password)
        self.ca_certs = Path(ca)
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0199")
        self.started = asyncio.Event()
        self.failed = None
        self.inbox = asyncio.Queue()
        self.add_event_handler("session_start", self.on_start)
        # failed_auth comes once per mechanism that failed; slixmpp then
        # tries the next one, and gives up with failed_all_auth.
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("no_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("message", self.on_message)

    async def on_start(self, _event):
        self.send_presence()
        await self.get_roster()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()

    def on_message(self, msg):
        if msg["type"] in ("chat", "normal"):
            self.inbox.put_nowait(msg)


async def check(host, port, ca, domain, direct):
    alice = Client("alice@%s/py" % domain, "ecila", ca)
    bob = Client("bob@%s/py" % domain, "bob!", ca)
    for c in (alice, bob):
        c.connect((host, port), use_ssl=direct, force_starttls=not direct)
    for c in (alice, bob):
        await asyncio.wait_for(c.started.wait(), TIMEOUT)
        if c.failed:
            raise RuntimeError("%s could not log in: %s" % (c.boundjid, c.failed))
    # Both are available once the server echoed their presence; give the
    # broadcasts a moment, then talk.
    await asyncio.sleep(0.2)
    alice.send_message(mto="bob@%s" % domain, mbody="hello from slixmpp", mtype="chat")
    msg = await asyncio.wait_for(bob.inbox.get(), TIMEOUT)
    if msg["body"] != "hello from slixmpp" or str(msg["from"]) != str(alice.boundjid):
        raise RuntimeError("bob got %r from %s" % (msg["body"], msg["from"]))
    bob.send_message(mto=msg["from"], mbody="hello back", mtype="chat")
    msg = await asyncio.wait_for(alice.inbox.get(), TIMEOUT)
    if msg["body"] != "hello back" or str(msg["from"]) != str(bob.boundjid):
        raise RuntimeError("alice got %r from %s" % (msg["body"], msg["from"]))
    await alice["xep_0199"].ping(jid=domain, timeout=TIMEOUT)
    await alice["xep_0199"].ping(jid=bob.boundjid, timeout=TIMEOUT)
    info = await alice["xep_0030"].get_info(jid=domain, timeout=TIMEOUT)
    if "urn:xmpp:ping" not in info["disco_info"]["features"]:
        raise RuntimeError("server disco#info lacks ping: %s" % info)
    for c in (alice, bob):
        c.disconnect()
        await asyncio.wait_for(c.disconnected, TIMEOUT)


def main():
    host, port, ca, domain, mode = sys.argv[1:6]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), ca, domain, mode == "direct-tls"), 4 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
