"""The journal's links: served by the web page server while valid, 404 when unknown or
forgotten, 410 when expired; on SQLite and PostgreSQL."""
import asyncio
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from journal import links
from journal.links import LinkExpired, LinkUnknown, open_link, share
from web.server import create_app

NOW = datetime.now(timezone.utc)


def _fill(journal, sender="pat"):
    for days_ago, place in [(1, "left calf"), (2, "left calf"), (3, "eyelid"), (4, "left calf")]:
        journal.add_entry(sender, place, NOW - timedelta(days=days_ago), duration_seconds=300, factors=["caffeine"])


def _path(url):
    return urlsplit(url).path


def _get_all(paths):
    async def run():
        async with TestClient(TestServer(create_app(5005))) as client:
            out = []
            for path in paths:
                response = await client.get(path)
                out.append((response.status, response.headers.get("Content-Type", ""), await response.read(),
                            response.headers))
            return out

    return asyncio.run(run())


def test_each_kind_of_link_opens_its_files(journal, journal_url, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    _fill(journal)
    made = {kind: share(journal, "pat", kind, base="https://twitch.example") for kind in links.FILES}
    assert set(made["chart"]) == {"image"} and set(made["summary"]) == {"url", "pdf"} and set(made["export"]) == {"url"}
    assert made["chart"]["image"].startswith("https://twitch.example/journal/")
    urls = [made["chart"]["image"], made["summary"]["url"], made["summary"]["pdf"], made["export"]["url"]]
    got = _get_all([_path(u) for u in urls])
    assert [(status, kind.split(";")[0]) for status, kind, _, _ in got] == [
        (200, "image/png"), (200, "text/html"), (200, "application/pdf"), (200, "text/csv")]
    assert b"left calf" in got[1][2] and got[2][2].startswith(b"%PDF") and got[3][2].count(b"\r\n") == 5
    assert all(h["Cache-Control"] == "no-store" for _, _, _, h in got)


def test_a_link_opens_only_its_own_files(journal, journal_url, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    _fill(journal)
    chart = _path(share(journal, "pat", "chart")["image"])
    [(status, *_)] = _get_all([chart.replace("chart.png", "journal.csv")])
    assert status == 404


def test_bad_tokens_are_404(journal, journal_url, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    _fill(journal)
    good = _path(share(journal, "pat", "export")["url"])
    token = good.split("/")[2]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    got = _get_all([f"/journal/{tampered}/journal.csv", "/journal/nothing/journal.csv",
                    f"/journal/{'x' * 3000}/journal.csv"])
    assert [g[0] for g in got] == [404, 404, 404]


def test_after_forget_me_every_link_is_gone(journal, journal_url, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    _fill(journal)
    _fill(journal, "other")
    mine = [u for kind in links.FILES for u in share(journal, "pat", kind).values()]
    theirs = share(journal, "other", "export")["url"]
    journal.forget("pat")
    got = _get_all([_path(u) for u in mine] + [_path(theirs)])
    assert [g[0] for g in got] == [404] * len(mine) + [200]
    assert b"left calf" in got[-1][2] and got[-1][2].count(b"\r\n") == 5  # the other journal is untouched


def test_a_link_expires_after_a_day(journal, monkeypatch):
    _fill(journal)
    url = share(journal, "pat", "summary", now=NOW)["url"]
    token = _path(url).split("/")[2]
    assert open_link(journal, token, "summary.html", now=NOW + timedelta(hours=23)).kind == "summary"
    with pytest.raises(LinkExpired):
        open_link(journal, token, "summary.html", now=NOW + timedelta(hours=25))
    # The signature's own stamp runs out as well, whatever the row says.
    import itsdangerous.timed

    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 25 * 3600)
    with pytest.raises(LinkExpired):
        open_link(journal, token, "summary.html", now=NOW)


def test_an_expired_link_is_410_on_the_web(journal, journal_url, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    _fill(journal)
    url = share(journal, "pat", "export", now=NOW - timedelta(hours=25))["url"]
    [(status, *_)] = _get_all([_path(url)])
    assert status == 410


def test_an_unknown_kind_is_refused(journal):
    with pytest.raises(ValueError):
        share(journal, "pat", "everything")
    with pytest.raises(LinkUnknown):
        open_link(journal, "not-a-token", "chart.png")


def test_the_purge_deletes_expired_links_only(journal):
    _fill(journal)
    old = share(journal, "pat", "chart", now=NOW - timedelta(hours=30))["image"]
    fresh = share(journal, "other", "chart", now=NOW)["image"]
    assert journal.purge_links(NOW) == 1
    with pytest.raises(LinkUnknown):
        open_link(journal, _path(old).split("/")[2], "chart.png", now=NOW)
    assert open_link(journal, _path(fresh).split("/")[2], "chart.png", now=NOW).kind == "chart"
