#!/usr/bin/python3
"""An aioxmpp client for the avatar exchange of internal/interop/avatar_test.go.

Usage: aioxmpp_avatar.py HOST PORT DOMAIN USER PASSWORD CA_FILE CANTO_JID MODE CANTO_ID
(MODE is starttls). With aioxmpp's own avatar service (aioxmpp.avatar,
XEP-0084): publishes IMAGE as the user's avatar (data, then metadata, item
id: the SHA-1 of IMAGE), then reads CANTO_JID's avatar metadata, fetches the
image it describes and checks that the descriptor's id is CANTO_ID and that
the image's SHA-1 is CANTO_ID. Prints OK and exits 0 when all of it worked.
"""

import asyncio
import hashlib
import logging
import sys

import aioxmpp
import aioxmpp.avatar
import aioxmpp.connector
import aioxmpp.security_layer

TIMEOUT = 15
IMAGE = b"\x89PNG\r\n\x1a\nfrom aioxmpp"


async def check(host, port, domain, user, password, ca, canto, canto_id):
    def ssl_context():
        ctx = aioxmpp.security_layer.default_ssl_context()
        ctx.load_verify_locations(ca)
        return ctx

    security = aioxmpp.make_security_layer(password)._replace(ssl_context_factory=ssl_context)
    client = aioxmpp.PresenceManagedClient(
        aioxmpp.JID.fromstr("%s@%s/aioxmpp" % (user, domain)), security,
        override_peer=[(host, port, aioxmpp.connector.STARTTLSConnector())])
    client.presence = aioxmpp.PresenceState(True)
    avatars = client.summon(aioxmpp.avatar.AvatarService)

    async with client.connected():
        mine = aioxmpp.avatar.AvatarSet()
        mine.add_avatar_image("image/png", image_bytes=IMAGE)
        await asyncio.wait_for(avatars.publish_avatar_set(mine), TIMEOUT)

        descriptors = await asyncio.wait_for(
            avatars.get_avatar_metadata(aioxmpp.JID.fromstr(canto), require_fresh=True), TIMEOUT)
        png = [d for d in descriptors if d.mime_type == "image/png" and d.has_image_data_in_pubsub]
        if not png:
            raise RuntimeError("no image/png avatar in %r" % descriptors)
        if png[0].normalized_id != canto_id:
            raise RuntimeError("avatar id %s, want %s" % (png[0].normalized_id, canto_id))
        data = await asyncio.wait_for(png[0].get_image_bytes(), TIMEOUT)
        if hashlib.sha1(data).hexdigest() != canto_id:
            raise RuntimeError("image %r does not hash to %s" % (data, canto_id))


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
