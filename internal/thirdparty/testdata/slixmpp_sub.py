#!/usr/bin/python3
"""slixmpp subscribes to a Canto client's presence through the embedded
server, and is subscribed to in turn (RFC 6121 §3).

Usage: slixmpp_sub.py HOST PORT DOMAIN USER PASSWORD CA_FILE PEER_JID MODE
Logs in, asks PEER_JID for a subscription, approves the peer's request
back, and waits until the peer's available presence arrives; prints OK.
"""

import asyncio
import logging
import sys
from pathlib import Path

from slixmpp import ClientXMPP

TIMEOUT = 15


async def check(host, port, domain, user, password, ca, peer):
    c = ClientXMPP("%s@%s/slixmpp" % (user, domain), password)
    c.ca_certs = Path(ca)
    c.register_plugin("xep_0199")
    c.roster.auto_authorize = True  # slixmpp approves the peer's request itself
    c.roster.auto_subscribe = False
    started, approved, asked, online = (asyncio.Event() for _ in range(4))

    async def on_start(_):
        c.send_presence()
        await c.get_roster()
        started.set()

    def on_subscribed(p):
        if p["from"].bare == peer:
            approved.set()

    def on_subscribe(p):
        if p["from"].bare == peer:
            asked.set()

    def on_available(p):
        if p["from"].bare == peer:
            online.set()

    c.add_event_handler("session_start", on_start)
    c.add_event_handler("presence_subscribed", on_subscribed)
    c.add_event_handler("presence_subscribe", on_subscribe)
    c.add_event_handler("presence_available", on_available)
    c.connect((host, port), force_starttls=True)
    await asyncio.wait_for(started.wait(), TIMEOUT)
    c.send_presence(pto=peer, ptype="subscribe")
    for what, ev in (("subscribed", approved), ("subscribe", asked), ("available presence", online)):
        try:
            await asyncio.wait_for(ev.wait(), TIMEOUT)
        except asyncio.TimeoutError:
            raise RuntimeError("no %s from %s" % (what, peer))
    # The server has taken our approval once our roster says "both".
    for _ in range(TIMEOUT * 10):
        if c.client_roster[peer]["subscription"] == "both":
            break
        await asyncio.sleep(0.1)
    else:
        raise RuntimeError("roster entry for %s is %r, not both" % (peer, c.client_roster[peer]["subscription"]))
    # slixmpp updates its roster as it sends "subscribed"; a ping answered
    # by the server, which handles a client's stanzas in order, shows that
    # the approval was handled before the stream closes.
    await c["xep_0199"].ping(jid=domain, timeout=TIMEOUT)
    c.disconnect()
    await asyncio.wait_for(c.disconnected, TIMEOUT)


def main():
    host, port, domain, user, password, ca, peer, _mode = sys.argv[1:9]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), domain, user, password, ca, peer), 5 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
