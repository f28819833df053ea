#!/usr/bin/python3
"""A slixmpp client joins a multi-user chat room and reads its history.

Usage: slixmpp_muc_history.py HOST PORT DOMAIN USER PASSWORD CA_FILE ROOM MAXSTANZAS
Joins ROOM as "slix" with slixmpp's xep_0045 plugin, asking for at most
MAXSTANZAS messages of history (XEP-0045 §7.2.15), and reads what the room
sends before its subject: for each message of history, prints
"HISTORY NICK BODY", after checking it is a groupchat message from an
occupant of ROOM with a delay (XEP-0203) stamped by the room. Prints OK
and exits 0 when the subject arrived after the history.
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
        self.register_plugin("xep_0203")
        self.started = asyncio.Event()
        self.failed = None
        self.messages = asyncio.Queue()
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("groupchat_message", lambda m: self.messages.put_nowait(m))
        self.add_event_handler("groupchat_subject", lambda m: self.messages.put_nowait(m))

    async def on_start(self, _event):
        self.send_presence()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()


async def check(host, port, domain, user, password, ca, room, maxstanzas):
    c = Client("%s@%s/slixmpp" % (user, domain), password, ca)
    c.connect((host, port), force_starttls=True)
    await asyncio.wait_for(c.started.wait(), TIMEOUT)
    if c.failed:
        raise RuntimeError("could not log in: %s" % c.failed)
    room = JID(room)
    await c.plugin["xep_0045"].join_muc_wait(room, NICK, maxstanzas=maxstanzas, timeout=TIMEOUT)
    while True:
        m = await asyncio.wait_for(c.messages.get(), TIMEOUT)
        if m["from"].bare != room.bare:
            raise RuntimeError("groupchat message from %s" % m["from"])
        if m.xml.find("{%s}subject" % m.namespace) is not None and not m["body"]:
            break  # §7.2.15: the subject, even empty, ends the history
        if m["type"] != "groupchat":
            raise RuntimeError("history of type %r" % m["type"])
        delay = m["delay"]
        if delay["stamp"] is None:
            raise RuntimeError("history without a delay: %s" % m)
        if JID(delay["from"]).bare != room.bare:
            raise RuntimeError("delay stamped by %r, not the room" % delay["from"])
        print("HISTORY", m["from"].resource, m["body"], flush=True)
    c.plugin["xep_0045"].leave_muc(room, NICK)
    c.disconnect()


def main():
    logging.basicConfig(level=logging.ERROR)
    host, port, domain, user, password, ca, room, maxstanzas = sys.argv[1:9]
    try:
        asyncio.run(check(host, int(port), domain, user, password, ca, room, int(maxstanzas)))
    except Exception as e:  # report and fail
        print("FAIL", type(e).__name__, e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
