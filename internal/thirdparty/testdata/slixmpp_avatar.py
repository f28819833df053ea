#!/usr/bin/python3
"""A slixmpp client for the avatar exchange of internal/interop/avatar_test.go.

Usage: slixmpp_avatar.py HOST PORT DOMAIN USER PASSWORD CA_FILE CANTO_JID MODE CANTO_ID
(MODE is starttls). With slixmpp's own xep_0084 plugin: publishes the
avatar data IMAGE and its metadata (item id: the SHA-1 of IMAGE), then
fetches CANTO_JID's avatar data item CANTO_ID and checks that its SHA-1 is
CANTO_ID. Prints OK and exits 0 when all of it worked.
"""

import asyncio
import hashlib
import logging
import sys
from pathlib import Path

from slixmpp import ClientXMPP

TIMEOUT = 15
IMAGE = b"\x89PNG\r\n\x1a\nfrom slixmpp"


class Client(ClientXMPP):
    def __init__(self, jid, password, ca):
        super().__init__(jid, password)
        self.ca_certs = Path(ca)
        for plugin in ("xep_0030", "xep_0060", "xep_0163", "xep_0084"):
            self.register_plugin(plugin)
        self.started = asyncio.Event()
        self.failed = None
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)

    async def on_start(self, _event):
        self.send_presence()
        self.started.set()

    def on_failure(self, event):
        self.failed = str(event)
        self.started.set()


async def check(host, port, domain, user, password, ca, canto, canto_id):
    c = Client("%s@%s/slixmpp" % (user, domain), password, ca)
    c.connect((host, port), force_starttls=True)
    await asyncio.wait_for(c.started.wait(), TIMEOUT)
    if c.failed:
        raise RuntimeError("could not log in: %s" % c.failed)
    sha = hashlib.sha1(IMAGE).hexdigest()
    await asyncio.wait_for(c["xep_0084"].publish_avatar(IMAGE), TIMEOUT)
    await asyncio.wait_for(c["xep_0084"].publish_avatar_metadata(
        [{"id": sha, "type": "image/png", "bytes": len(IMAGE)}]), TIMEOUT)
    res = await asyncio.wait_for(c["xep_0084"].retrieve_avatar(canto, canto_id), TIMEOUT)
    item = res["pubsub"]["items"]["item"]
    data = item["avatar_data"]["value"]
    if item["id"] != canto_id or hashlib.sha1(data).hexdigest() != canto_id:
        raise RuntimeError("item %r: data %r does not hash to %s" % (item["id"], data, canto_id))
    c.disconnect()
    await asyncio.wait_for(c.disconnected, TIMEOUT)


def main():
    host, port, domain, user, password, ca, canto, _mode, canto_id = sys.argv[1:10]
    logging.basicConfig(level=logging.ERROR)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(
            check(host, int(port), domain, user, password, ca, canto, canto_id), 4 * TIMEOUT))
    except Exception as e:  # report any failure in one line
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
