#!/usr/bin/python3
"""A slixmpp client for the third-party suite.

Usage: slixmpp_client.py HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE
MODE is starttls or direct-tls. The message comes from $CANTO_BODY; the
echo must be $CANTO_ECHO_PREFIX followed by it. Logs in with slixmpp's
defaults (certificate checked against CA_FILE and DOMAIN), sends the
message to ECHO_JID, waits for the echo, pings the server and reads its
disco#info. Prints OK and exits 0 when all of it worked.
"""

import asyncio
import logging
import os
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
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("message", lambda m: self.inbox.put_nowait(m))

    async def on_start(self, _event):
        self.send_presence()
        await self.get_roster()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()


async def check(host, port, domain, user, password, ca, echo, mode):
    body = os.environ["CANTO_BODY"]
    want = os.environ["CANTO_ECHO_PREFIX"] + body
    c = Client("%s@%s/slixmpp" % (user, domain), password, ca)
    c.connect((host, port), use_ssl=mode == "direct-tls", force_starttls=mode != "direct-tls")
    await asyncio.wait_for(c.started.wait(), TIMEOUT)
    if c.failed:
        raise RuntimeError("could not log in: %s" % c.failed)
    c.send_message(mto=echo, mbody=body, mtype="chat")
    while True:
        msg = await asyncio.wait_for(c.inbox.get(), TIMEOUT)
        if msg["type"] == "error":
            raise RuntimeError("message bounced: %s" % msg)
        if msg["body"]:
            break
    if msg["body"] != want or msg["from"].bare != echo:
        raise RuntimeError("got %r from %s" % (msg["body"], msg["from"]))
    await c["xep_0199"].ping(jid=domain, timeout=TIMEOUT)
    info = await c["xep_0030"].get_info(jid=domain, timeout=TIMEOUT)
    if "urn:xmpp:ping" not in info["disco_info"]["features"]:
        raise RuntimeError("server disco#info lacks ping: %s" % info)
    c.disconnect()
    await asyncio.wait_for(c.disconnected, TIMEOUT)


def main():
    host, port, domain, user, password, ca, echo, mode = sys.argv[1:9]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), domain, user, password, ca, echo, mode), 4 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
