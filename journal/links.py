"""The links to a user's chart, page for the doctor and CSV (CONTRACT.md section 5).

A link is `<web page>/journal/<token>/<file>`. The token is a random id, signed with
itsdangerous (key: the privacy key, `privacy.erasers.hash_key`, so every process
agrees) and stamped with its time. The web page server serves it while the signature
holds, it is under 24 hours old and its row is still in `journal_links`: after "forget
me" the row is gone (404), after 24 hours the stamp has run out (410).

    from journal.links import share
    share(journal, sender_id, "chart")    # {"image": URL}          -> journal_chart payload
    share(journal, sender_id, "summary")  # {"url": URL, "pdf": URL} -> journal_summary payload
    share(journal, sender_id, "export")   # {"url": URL}            -> journal_export payload
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, Optional

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from journal.models import LinkRow, User, utcnow
from journal.store import Journal
from privacy.erasers import hash_key, hashed

LIFETIME = timedelta(hours=24)
# Each kind of link, and the files it opens: name in the payload -> file in the URL.
FILES: Dict[str, Dict[str, str]] = {
    "chart": {"image": "chart.png"},
    "summary": {"url": "summary.html", "pdf": "summary.pdf"},
    "export": {"url": "journal.csv"},
}


class LinkUnknown(LookupError):
    """No such link, or its user was forgotten: 404."""


class LinkExpired(LookupError):
    """The link was real but is over 24 hours old: 410."""


@dataclass(frozen=True)
class Opened:
    """What a valid token opens: whose journal (the hashed id) and which kind."""

    user_id: str
    kind: str


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(hash_key(), salt="journal-link")


def base_url(env=os.environ) -> str:
    """Where users reach the web page server: JOURNAL_PUBLIC_URL, else this host on WEB_PORT."""
    return (env.get("JOURNAL_PUBLIC_URL") or f"http://127.0.0.1:{env.get('WEB_PORT', '8080')}").rstrip("/")


def share(journal: Journal, sender_id: str, kind: str, base: Optional[str] = None,
          now: Optional[datetime] = None) -> Dict[str, str]:
    """A new link of `kind` ("chart", "summary" or "export") to the user's journal, as
    the fields of its payload. Also drops the user's links that have expired."""
    if kind not in FILES:
        raise ValueError(f"kind must be one of {sorted(FILES)}, not {kind!r}")
    now = now or utcnow()
    link_id = secrets.token_urlsafe(16)
    with journal.session() as session:
        uid = hashed(sender_id)
        if session.get(User, uid) is None:
            session.add(User(id=uid, created_at=now, last_seen_at=now))
        session.query(LinkRow).filter(LinkRow.user_id == uid, LinkRow.expires_at <= now).delete()
        session.add(LinkRow(id=link_id, user_id=uid, kind=kind, created_at=now, expires_at=now + LIFETIME))
    token = _signer().dumps(link_id)
    root = f"{base or base_url()}/journal/{token}"
    return {field: f"{root}/{name}" for field, name in FILES[kind].items()}


def open_link(journal: Journal, token: str, file: str, now: Optional[datetime] = None) -> Opened:
    """Checks a token and the file asked for. LinkUnknown (404) for a bad signature, a
    file the link does not open, or a link whose user was forgotten; LinkExpired (410)
    for one over 24 hours old."""
    now = now or utcnow()
    try:
        link_id = _signer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except SignatureExpired:
        raise LinkExpired(token) from None
    except BadSignature:
        raise LinkUnknown(token) from None
    with journal.session() as session:
        row = session.get(LinkRow, link_id)
        if row is None:
            raise LinkUnknown(token)
        if row.expires_at <= now:
            raise LinkExpired(token)
        if file not in FILES[row.kind].values():
            raise LinkUnknown(token)
        return Opened(user_id=row.user_id, kind=row.kind)
