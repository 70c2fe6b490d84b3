"""The journal's chart as a picture where a channel has no inline image of its own:
Slack uploads it, Telegram sends it as a photo. The channel fetches the PNG from the
chart's link (served by the web page server) and hands the bytes on, so the platform
needs no way in to this server."""
from __future__ import annotations

import logging
from typing import Optional
from urllib.parse import urlparse

import aiohttp

from channels.reply import Reply

logger = logging.getLogger(__name__)

CHART = "journal_chart"
FILENAME = "twitch-journal.png"
MAX_BYTES = 5 * 1024 * 1024  # a 30-day chart is tens of kilobytes
TIMEOUT = aiohttp.ClientTimeout(total=20)
PNG = b"\x89PNG\r\n\x1a\n"


def chart_url(reply: Reply) -> Optional[str]:
    image = (reply.card or {}).get("image") if reply.kind == CHART else None
    return image if isinstance(image, str) and urlparse(image).scheme in ("http", "https") else None


async def chart_png(reply: Reply) -> Optional[bytes]:
    """The chart's PNG, or None when the reply has none or it cannot be fetched (the
    text and the link in it still went out)."""
    url = chart_url(reply)
    if url is None:
        return None
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session, session.get(url) as r:
            data = await r.content.read(MAX_BYTES + 1)
            if r.status == 200 and data.startswith(PNG) and len(data) <= MAX_BYTES:
                return data
            logger.warning("The journal chart link answered %s; no picture sent", r.status)
    except (aiohttp.ClientError, TimeoutError) as e:
        logger.warning("Could not fetch the journal chart: %s", e)
    return None
