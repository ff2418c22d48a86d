"""The device change feed ends when the app stops, even when a change wakes it at that very moment."""

import asyncio

from hub.context import Hub
from hub.devices.change_feed import Feed


def test_the_feed_stops_when_a_change_wakes_it_as_the_app_shuts_down(hub: Hub) -> None:
    # A commit's wake-up completes the feed's wait just before the shutdown's cancel reaches it: on
    # Python 3.11 asyncio.wait_for then swallowed the cancel, the feed kept polling, and the app's
    # shutdown (and the test that owned it) hung until pytest-timeout ended it.
    async def start_then_stop_as_woken() -> bool:
        feed = Feed(hub.database, poll_seconds=60)
        await feed.start()
        await asyncio.sleep(0)  # the feed is waiting for a wake-up
        feed.committed()  # from this thread: the wake-up is scheduled …
        await asyncio.sleep(0)  # … and has run; the cancel follows at once
        stopping = asyncio.ensure_future(feed.stop())
        done, _ = await asyncio.wait({stopping}, timeout=30)
        return stopping in done

    for _ in range(3):
        assert asyncio.run(start_then_stop_as_woken()), "the feed did not stop"
