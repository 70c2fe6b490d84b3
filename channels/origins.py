"""Which web pages may talk to the bot from a browser. ALLOWED_ORIGINS (separated by
spaces or commas; scripts/serve.sh defaults it to the web page's own origin) is what
Rasa's CORS answers with; the same list refuses, on the server, a browser request or a
socket.io connection that another site's page makes without asking (a plain form POST
or a WebSocket is not stopped by CORS)."""
from __future__ import annotations

import os
from typing import FrozenSet, Optional


def allowed_origins() -> FrozenSet[str]:
    return frozenset(os.environ.get("ALLOWED_ORIGINS", "").replace(",", " ").split())


def foreign(origin: Optional[str], host: Optional[str]) -> bool:
    """Whether a request comes from a page on another site. Requests without an Origin
    (curl, Slack, Telegram, other servers) and same-origin ones are not."""
    if not origin:
        return False
    allowed = allowed_origins()
    if "*" in allowed or origin in allowed:
        return False
    return not (host and origin.split("://", 1)[-1] == host)


FOREIGN = "Requests from this web page's origin are not allowed (ALLOWED_ORIGINS)."
