#!/usr/bin/python3
"""A slixmpp client in a multi-user chat room with a Canto client.

Usage: slixmpp_muc.py HOST PORT DOMAIN USER PASSWORD CA_FILE ROOM CANTO_NICK
Joins ROOM as "slix" with slixmpp's xep_0045 plugin, sends a groupchat
message and a private message to CANTO_NICK, then waits for CANTO_NICK's
groupchat and private answers. Prints OK and exits 0 when all of it worked.
"""

import asyncio
import logging
import sys
from pathlib import Path

from slixmpp import ClientXMPP, JID

TIMEOUT = 15
NICK = "slix"


class Client(ClientXMPP):
    def __init__(self, jid, password, ca):
        super().__init__(jid, password)
        self.ca_certs = Path(ca)
        self.register_plugin("xep_0045")
        self.started = asyncio.Event()
        self.failed = None
        self.messages = asyncio.Queue()
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("message", lambda m: self.messages.put_nowait(m))
        self.add_event_handler("groupchat_message", lambda m: self.messages.put_nowait(m))

    async def on_start(self, _event):
        self.send_presence()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()


async def check(host, port, domain, user, password, ca, room, canto):
    c = Client("%s@%s/slixmpp" % (user, domain), password, ca)
    c.connect((host, port), force_starttls=True)
    await asyncio.wait_for(c.started.wait(), TIMEOUT)
    if c.failed:
        raise RuntimeError("could not log in: %s" % c.failed)
    room = JID(room)
    await c.plugin["xep_0045"].join_muc_wait(room, NICK, maxstanzas=0, timeout=TIMEOUT)
    c.make_message(mto=room, mbody="hello from slixmpp", mtype="groupchat").send()
    c.make_message(mto=JID("%s/%s" % (room, canto)), mbody="psst from slixmpp", mtype="chat").send()
    want = {("groupchat", "hello slixmpp"), ("chat", "psst slixmpp")}
    while want:
        m = await asyncio.wait_for(c.messages.get(), TIMEOUT)
        if m["from"].bare != room.bare or m["from"].resource != canto:
            continue
        want.discard((m["type"], m["body"]))
    c.plugin["xep_0045"].leave_muc(room, NICK)
    c.disconnect()


def main():
    logging.basicConfig(level=logging.ERROR)
    host, port, domain, user, password, ca, room, canto = sys.argv[1:9]
    try:
        asyncio.run(check(host, int(port), domain, user, password, ca, room, canto))
    except Exception as e:  # report and fail
        print("FAIL", type(e).__name__, e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
