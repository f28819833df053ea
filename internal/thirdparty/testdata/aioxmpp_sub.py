#!/usr/bin/python3
"""aioxmpp subscribes to a Canto client's presence through the embedded
server, and is subscribed to in turn (RFC 6121 §3).

Usage: aioxmpp_sub.py HOST PORT DOMAIN USER PASSWORD CA_FILE PEER_JID MODE
As slixmpp_sub.py, with aioxmpp's roster service.
"""

import asyncio
import logging
import sys

import aioxmpp
import aioxmpp.connector
import aioxmpp.roster
import aioxmpp.presence
import aioxmpp.security_layer

TIMEOUT = 15


async def check(host, port, domain, user, password, ca, peer):
    def ssl_context():
        ctx = aioxmpp.security_layer.default_ssl_context()
        ctx.load_verify_locations(ca)
        return ctx

    security = aioxmpp.make_security_layer(password)._replace(ssl_context_factory=ssl_context)
    client = aioxmpp.PresenceManagedClient(
        aioxmpp.JID.fromstr("%s@%s/aioxmpp" % (user, domain)), security,
        override_peer=[(host, port, aioxmpp.connector.STARTTLSConnector())])
    client.presence = aioxmpp.PresenceState(True)
    peer_jid = aioxmpp.JID.fromstr(peer)
    roster = client.summon(aioxmpp.RosterClient)
    presence = client.summon(aioxmpp.PresenceClient)
    asked, approved, online = asyncio.Event(), asyncio.Event(), asyncio.Event()

    def on_subscribe(stanza):
        if stanza.from_.bare() == peer_jid:
            roster.approve(peer_jid)
            asked.set()

    def on_subscribed(stanza):
        if stanza.from_.bare() == peer_jid:
            approved.set()

    def on_available(full_jid, stanza):
        if full_jid.bare() == peer_jid:
            online.set()

    roster.on_subscribe.connect(on_subscribe)
    roster.on_subscribed.connect(on_subscribed)
    presence.on_available.connect(on_available)
    async with client.connected():
        roster.subscribe(peer_jid)
        for what, ev in (("subscribed", approved), ("subscribe", asked), ("available presence", online)):
            try:
                await asyncio.wait_for(ev.wait(), TIMEOUT)
            except asyncio.TimeoutError:
                raise RuntimeError("no %s from %s" % (what, peer))
        # The server has taken our approval once our roster says "both".
        for _ in range(TIMEOUT * 10):
            item = roster.items.get(peer_jid)
            if item is not None and item.subscription == "both":
                break
            await asyncio.sleep(0.1)
        else:
            raise RuntimeError("roster entry for %s is not both" % peer)


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
