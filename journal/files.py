"""What each link opens (journal.links.FILES), made from the tables when it is opened:
nothing is written to disk, so forgetting the rows forgets the files too."""
from __future__ import annotations

from datetime import datetime
from typing import Optional, Tuple

from journal import chart, export, summary
from journal.links import Opened
from journal.models import utcnow
from journal.records import time_zone
from journal.store import Journal

CONTENT_TYPES = {
    "chart.png": "image/png",
    "summary.html": "text/html; charset=utf-8",
    "summary.pdf": "application/pdf",
    "journal.csv": "text/csv; charset=utf-8",
}


def render(journal: Journal, opened: Opened, file: str, now: Optional[datetime] = None) -> Tuple[bytes, str]:
    """The bytes and content type of `file` for the journal a link opened."""
    now = now or utcnow()
    if file == "chart.png":
        today = now.astimezone(time_zone(journal.zone_of(opened.user_id))).date()
        data = journal.data_of(opened.user_id, start=chart.window(today)[0], end=today)
        body = chart.render_png(data.entries, data.checkins, today)
    elif file == "summary.html":
        body = summary.render_html(journal.data_of(opened.user_id), now).encode()
    elif file == "summary.pdf":
        body = summary.render_pdf(journal.data_of(opened.user_id), now)
    elif file == "journal.csv":
        body = export.to_csv(journal.data_of(opened.user_id).entries).encode()
    else:
        raise ValueError(f"no such journal file: {file!r}")
    return body, CONTENT_TYPES[file]

