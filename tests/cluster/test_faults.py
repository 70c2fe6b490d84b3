"""Faults on a real cluster (deploy/cluster.py: nginx, two Rasa instances with their
action servers), with its own PostgreSQL and Redis: traffic to loopback only, each
load bounded (20 users x len(SCRIPT) messages, 60 s per request). In file order; the
last test stops the cluster."""
from __future__ import annotations

import os
import re
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.channels.slack_user import SlackUser
from tests.cluster.harness import Cluster, Load, PrivatePostgres, PrivateRedis
from tests.e2e.journal_flow import log_four, see_everything

pytestmark = pytest.mark.skipif(not os.environ.get("TWITCH_MODEL"), reason="run through `make test-cluster`")


@pytest.fixture(scope="module")
def pg():
    db = PrivatePostgres().init()
    yield db
    db.stop()


@pytest.fixture(scope="module")
def redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cluster(pg, redis, platforms):
    c = Cluster(os.environ["TWITCH_MODEL"], pg, redis, env=platforms.env()).start()
    yield c
    c.stop()


def say(cluster: Cluster, sender: str, text: str) -> requests.Response:
    return requests.post(f"{cluster.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)


def wait_for(load: Load, successes: int) -> None:
    deadline = time.monotonic() + 300
    while sum(s.status == 200 for s in load.sent) < successes and time.monotonic() < deadline:
        time.sleep(0.2)


def test_each_instance_reports_its_database_redis_and_action_server(cluster):
    for i in range(cluster.instances):
        r = requests.get(f"http://127.0.0.1:{cluster.instance_port(i)}/health", timeout=10)
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "database": "ok", "redis": "ok", "action_server": "ok"}


def test_nginx_passes_the_channels_and_the_api_only_with_the_token(cluster):
    assert say(cluster, f"gate-{uuid.uuid4().hex}", "hi").status_code == 200
    tracker = f"{cluster.url}/conversations/nobody/tracker"
    for params in ({}, {"token": "wrong"}):
        r = requests.get(tracker, params=params, timeout=10)
        assert r.status_code == 403 and "error" in r.json()
    assert requests.get(tracker, params={"token": cluster.token}, timeout=10).status_code == 200
    big = requests.post(f"{cluster.url}/webhooks/rest/webhook", data=b"x" * 70_000, timeout=10)
    assert big.status_code == 413 and "error" in big.json()


class JournalUser:
    """One REST user through nginx, its replies read as journal_flow reads them."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster, self.sender, self.buttons = cluster, f"journal-{uuid.uuid4().hex}", []

    def say(self, text: str):
        r = say(self.cluster, self.sender, text)
        assert r.status_code == 200, r.text
        replies = r.json()
        buttons = [(b["title"], b["payload"]) for m in replies for b in m.get("buttons", [])]
        self.buttons = buttons or self.buttons
        return [{"text": " ".join(m.get("text", "") for m in replies), "buttons": buttons,
                 "card": next((m["custom"] for m in replies if "custom" in m), None)}]

    def click(self, title: str):
        return self.say(next(payload for t, payload in self.buttons if t == title))


def test_the_journal_is_in_postgresql_and_its_links_open_on_the_page(cluster, pg):
    user = JournalUser(cluster)
    log_four(user.say, user.click)
    links = see_everything(user.say, lambda r: r["card"])
    assert all(url.startswith(f"http://127.0.0.1:{cluster.web_port}/journal/") for url in links.values()), links
    # In the cluster's PostgreSQL, not a SQLite file of one instance's.
    assert pg.query("SELECT count(*) FROM journal_entries")[0][0] >= 4


def test_kill_9_of_one_instance_under_load(cluster, pg):
    load = Load(cluster.url)
    done = load.run()
    wait_for(load, 30)
    victim = cluster.pid(1)  # found first: scanning /proc takes a while on a loaded machine
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    # A killed process frees its memory before its sockets close: nginx can still hand
    # the dying instance a request until then (it is reset: a JSON 503).
    while Path(f"/proc/{victim}").exists():
        time.sleep(0.01)
    gone_at = time.monotonic()
    done.join(timeout=900)
    assert not done.is_alive()
    assert len(load.sent) == load.users * 7
    # Failures only on the requests in flight while the instance died.
    failed = [s for s in load.sent if s.status != 200]
    assert all(s.started <= gone_at and s.ended >= killed_at for s in failed), (killed_at, gone_at, failed)
    assert len(failed) <= load.users
    # Every conversation went on through the other instance.
    for n in range(load.users):
        last = [s for s in load.sent if s.sender == f"load-{load.run_id}-{n}"][-1]
        assert last.status == 200 and last.body, last
    load.check_stored(pg)
    # The launcher starts the instance again, and nginx sends it requests again.
    deadline = time.monotonic() + 420
    while not cluster.healthy(1) and time.monotonic() < deadline:
        time.sleep(1)
    assert cluster.healthy(1)
    access = cluster.dir / "access.log"
    before = access.read_text().count(f":{cluster.instance_port(1)}")
    for k in range(6):
        time.sleep(1)  # past nginx's fail_timeout for the dead instance
        assert say(cluster, f"rejoin-{uuid.uuid4().hex}", "hi").status_code == 200
    assert access.read_text().count(f":{cluster.instance_port(1)}") > before


def test_postgresql_restart_under_load(cluster, pg):
    load = Load(cluster.url)
    done = load.run()
    wait_for(load, 20)
    pg.stop()
    time.sleep(5)
    pg.start()
    back = time.monotonic()
    # Answers again within 10 s of the database being back.
    while True:
        r = say(cluster, f"after-pg-{uuid.uuid4().hex}", "hi")
        if r.status_code == 200 or time.monotonic() - back > 10:
            break
        time.sleep(0.5)
    assert r.status_code == 200
    done.join(timeout=900)
    assert not done.is_alive()
    # While it was down: a clear 503, never a hang or a dropped connection.
    assert {s.status for s in load.sent} <= {200, 503}
    assert any(s.status == 503 for s in load.sent)
    for s in load.sent:
        if s.status == 503:
            assert "try again" in s.body["error"]
    load.check_stored(pg)


def test_redis_restart_under_load(cluster, pg, redis):
    load = Load(cluster.url)
    done = load.run()
    wait_for(load, 20)
    redis.stop()
    time.sleep(3)
    redis.start()
    done.join(timeout=900)
    assert not done.is_alive()
    assert {s.status for s in load.sent} <= {200, 503}
    load.check_stored(pg)
    # No lock left stuck, and no restart of the bot: every conversation answers again.
    for n in range(load.users):
        r = say(cluster, f"load-{load.run_id}-{n}", "thanks again")
        assert r.status_code == 200 and r.json(), r.text
    assert all(cluster.healthy(i) for i in range(cluster.instances))


def finishing_slack_turns(cluster: Cluster) -> int:
    """How many Slack turns the instances said they were finishing as they stopped."""
    return sum(int(n) for i in range(cluster.instances)
               for n in re.findall(r"Finishing (\d+) Slack turns", (cluster.dir / f"instance-{i}.log").read_text()))


def test_a_stop_finishes_the_turns_in_flight(cluster, pg, platforms):
    """SIGTERM to the launcher with ten REST turns in flight, and three Slack turns that
    Slack already has its 200 for, each held in flight on its first post to Slack until
    the instances are stopping (or gone): every turn finishes and is stored once."""
    slack_users = [SlackUser(cluster, platforms) for _ in range(3)]
    platforms.slack_answers.clear()
    try:
        for u in slack_users:
            r = u.post_json(u.event_body(u.message_event("my left calf has been twitching for three weeks")))
            assert r.status_code == 200, r.text
        deadline = time.monotonic() + 120
        while not all(u.posts() for u in slack_users) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(u.posts() for u in slack_users), "a Slack turn did not reach its first post"

        results = {}

        def user(n: int) -> None:
            sender = f"stop-{uuid.uuid4().hex}"
            try:
                results[sender] = say(cluster, sender, "my left calf has been twitching for three weeks").status_code
            except requests.RequestException:
                results[sender] = 0

        threads = [threading.Thread(target=user, args=(n,)) for n in range(10)]
        for t in threads:
            t.start()
        time.sleep(0.5)  # all ten are in nginx or an instance
        rasa = [cluster.pid(i) for i in range(cluster.instances)]
        stopped = {}
        stopper = threading.Thread(target=lambda: stopped.update(code=cluster.stop()))
        stopper.start()
        # Held until the instances are finishing the Slack turns, or a Rasa server has gone
        # without (as it did before they were waited for).
        deadline = time.monotonic() + 180
        while finishing_slack_turns(cluster) < len(slack_users) and time.monotonic() < deadline \
                and all(Path(f"/proc/{pid}").exists() for pid in rasa):
            time.sleep(0.1)
    finally:
        platforms.slack_answers.set()
    stopper.join(timeout=300)
    assert stopped.get("code") == 0
    for t in threads:
        t.join(timeout=120)
    assert sorted(results.values()) == [200] * 10
    stored = dict(pg.query("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' "
                           "AND sender_id LIKE 'stop-%' GROUP BY 1"))
    assert {sender: stored.get(sender) for sender in results} == {sender: 1 for sender in results}
    # Each Slack turn: its message stored once, and every bot message of it posted to Slack.
    for u in slack_users:
        events = [t for t, in pg.query(f"SELECT type_name FROM events WHERE sender_id = '{u.user}' ORDER BY id")]
        assert events.count("user") == 1, events
        bots = events.count("bot")
        assert bots > 0 and len(u.posts()) == bots, (events, len(u.posts()))
