"""Which deliveries a channel has already taken."""
from __future__ import annotations

from collections import OrderedDict


class RecentIds:
    """The last `size` ids seen, so a platform's re-delivery (Slack event_id, Telegram
    update_id) is answered once, in bounded memory."""

    def __init__(self, size: int) -> None:
        self._ids: "OrderedDict[str, None]" = OrderedDict()
        self._size = size

    def add(self, key: str) -> bool:
        """Remembers key; False when it was already there."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True
