"""The journal through the real servers: serve.sh migrated it, the web page server
serves its links, and "forget me" said to the bot erases it (the Rasa server runs the
journal eraser), after which every link is 404. On PostgreSQL too under
`make test-e2e-postgres` (serve.sh then puts the journal there)."""
from datetime import datetime, timedelta, timezone

import requests

from journal import links
from journal.store import Journal, database_url
from tests.e2e.server import Conversation, texts
from tests.e2e.test_privacy import audit_lines


def _journal(servers) -> Journal:
    return Journal.from_env(database_url(servers.env()))


def test_links_work_until_forget_me_then_404(servers):
    c = Conversation(servers)
    journal = _journal(servers)
    now = datetime.now(timezone.utc)
    for days_ago, place in [(1, "left calf"), (2, "left calf"), (3, "eyelid"), (5, "left calf")]:
        journal.add_entry(c.sender, place, now - timedelta(days=days_ago), duration_seconds=120, factors=["caffeine"])
    urls = [u for kind in links.FILES for u in links.share(journal, c.sender, kind, base=servers.web_url).values()]
    got = [requests.get(u, timeout=60) for u in urls]
    assert [r.status_code for r in got] == [200] * 4
    assert {r.headers["Content-Type"].split(";")[0] for r in got} == {
        "image/png", "text/html", "application/pdf", "text/csv"}

    c.say("hello")
    c.say("forget me")
    assert "deleted" in texts(c.say("yes"))

    assert [requests.get(u, timeout=60).status_code for u in urls] == [404] * 4
    assert journal.entries(c.sender) == [] and not journal.has_journal(c.sender)
    [audit] = audit_lines(c.sender)
    assert audit["erased"]["journal"] >= 12 and "failed" not in audit  # user, 4 entries, 4 factors, 3 links
