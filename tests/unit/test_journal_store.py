"""The journal's store on SQLite and PostgreSQL: what goes in comes out in the user's
time zone, bad input is refused with a reply and stores nothing, and "forget me" leaves
nothing of the user."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from journal import models
from journal.errors import JournalError
from privacy import erasers

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def _rows(journal):
    with journal.session() as s:
        return {t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in models.Base.metadata.sorted_tables}


def test_an_entry_comes_back_in_the_users_time_zone(journal):
    when = datetime(2026, 11, 19, 23, 30, tzinfo=BERLIN)
    e = journal.add_entry("alice", "Left calf", when, duration_seconds=600, factors=["exercise", "caffeine"],
                          note="after my run 🏃", now=NOW)
    assert (e.place, e.duration_seconds, e.factors, e.note) == ("left calf", 600, ("caffeine", "exercise"),
                                                                 "after my run 🏃")
    [back] = journal.entries("alice")
    assert back == e
    assert back.at == when and back.at.utcoffset() == timedelta(hours=1)
    assert back.day == date(2026, 11, 19)  # Berlin's day, not UTC's (22:30 UTC)
    assert journal.time_zone_of("alice") == "Europe/Berlin"


def test_the_sender_id_is_never_stored(journal):
    journal.add_entry("telegram-12345", "thumb", NOW, now=NOW)
    with journal.session() as s:
        [user] = s.scalars(sa.select(models.User)).all()
    assert user.id == erasers.hashed("telegram-12345") and "12345" not in user.id


@pytest.mark.parametrize("place, when, note, code", [
    (None, NOW, None, "no_place"),
    ("   ", NOW, None, "no_place"),
    ("💪💪", NOW, None, "no_place"),
    ("left calf", NOW + timedelta(days=1), None, "future"),
    ("left calf", NOW, "x" * 4000, "too_long"),
    ("calf " * 800, NOW, None, "too_long"),
    ("left calf", NOW.replace(tzinfo=None), None, "no_time_zone"),
])
def test_bad_entries_are_refused_and_nothing_is_stored(journal, place, when, note, code):
    before = _rows(journal)
    with pytest.raises(JournalError) as refused:
        journal.add_entry("bob", place, when, note=note, now=NOW)
    assert refused.value.code == code
    assert refused.value.reply and refused.value.reply[0].isupper() and refused.value.reply.endswith(".")
    assert _rows(journal) == before


@pytest.mark.parametrize("kwargs, code", [
    ({"factors": ["coffee"]}, "unknown_factor"),
    ({"duration_seconds": 0}, "bad_duration"),
    ({"duration_seconds": 3 * 86400}, "bad_duration"),
    ({"times": 0}, "bad_times"),
])
def test_bad_details_are_refused(journal, kwargs, code):
    with pytest.raises(JournalError) as refused:
        journal.add_entry("bob", "calf", NOW, now=NOW, **kwargs)
    assert refused.value.code == code
    assert journal.entries("bob") == []


def test_a_few_minutes_of_clock_skew_is_not_the_future(journal):
    journal.add_entry("bob", "calf", NOW + timedelta(minutes=2), now=NOW)
    assert len(journal.entries("bob")) == 1


def test_correcting_and_taking_back_an_entry(journal):
    e = journal.add_entry("carol", "left calf", NOW, factors=["stress"], now=NOW)
    fixed = journal.update_entry("carol", e.id, place="right calf", factors=[], now=NOW)
    assert (fixed.place, fixed.factors) == ("right calf", ())
    with pytest.raises(JournalError) as refused:
        journal.update_entry("carol", e.id, place="", now=NOW)
    assert refused.value.code == "no_place"
    with pytest.raises(JournalError):
        journal.delete_entry("mallory", e.id)  # not theirs
    journal.delete_entry("carol", e.id)
    assert journal.entries("carol") == []


def test_a_check_in_a_day_replaces_the_first(journal):
    journal.check_in("dan", True, ["caffeine"], day=date(2026, 11, 19), now=NOW)
    again = journal.check_in("dan", False, ["poor_sleep"], day=date(2026, 11, 19), now=NOW)
    assert journal.data("dan").checkins == (again,)
    with pytest.raises(JournalError) as refused:
        journal.check_in("dan", True, day=date(2026, 11, 22), now=NOW)
    assert refused.value.code == "future"


def test_entries_for_a_range_of_days(journal):
    for day in range(1, 11):
        journal.add_entry("erin", "eyelid", datetime(2026, 11, day, 9, tzinfo=timezone.utc), now=NOW)
    got = journal.entries("erin", date(2026, 11, 3), date(2026, 11, 5))
    assert [e.day.day for e in got] == [3, 4, 5]


def test_red_flag_answers_and_results_keep_their_dates(journal):
    first = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
    journal.add_red_flag_answers("fay", {"weakness": False, "atrophy": None}, source="triage", when=first)
    journal.add_red_flag_answers("fay", {"weakness": False}, when=first + timedelta(days=7))
    journal.add_triage_result("fay", "routine", ["weakness_not_sure"], when=first)
    data = journal.data("fay")
    assert [(a.at.date(), a.flag, a.value, a.source) for a in data.red_flag_answers] == [
        (date(2026, 11, 2), "weakness", False, "triage"), (date(2026, 11, 2), "atrophy", None, "triage"),
        (date(2026, 11, 9), "weakness", False, "check-in")]
    assert [(t.level, t.red_flags) for t in data.triage_results] == [("routine", ("weakness_not_sure",))]
    with pytest.raises(JournalError):
        journal.add_red_flag_answers("fay", {"headache": True})
    with pytest.raises(JournalError):
        journal.add_triage_result("fay", "panic")


def test_forget_leaves_nothing_of_the_user_and_everything_of_others(journal):
    for who in ("gina", "hal"):
        e = journal.add_entry(who, "calf", NOW, factors=["alcohol"], note="n", now=NOW)
        journal.check_in(who, True, ["stress"], now=NOW)
        journal.add_red_flag_answers(who, {"weakness": False})
        journal.add_triage_result(who, "self_care")
    from journal.links import share

    share(journal, "gina", "chart")
    assert journal.forget("gina") > 0
    assert not journal.has_journal("gina") and journal.entries("gina") == []
    gina = erasers.hashed("gina")
    with journal.session() as s:
        for table in models.Base.metadata.sorted_tables:
            column = table.c.id if table.name == "journal_users" else table.c.user_id
            assert s.execute(sa.select(sa.func.count()).select_from(table).where(column == gina)).scalar() == 0
    assert journal.has_journal("hal") and journal.entries("hal")[0].id == e.id


def test_forget_me_runs_the_journal_eraser(journal, journal_url, monkeypatch, tmp_path):
    from journal import store

    monkeypatch.setenv("JOURNAL_DB_URL", journal_url)
    monkeypatch.setenv("PRIVACY_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setattr(erasers, "_erasers", {"journal": store.erase})
    journal.add_entry("ivy", "calf", NOW, now=NOW)
    erased = erasers.erase("ivy", "user request")
    assert erased["journal"] >= 2 and journal.entries("ivy") == []


def test_the_widget_sets_the_time_zone_and_a_bad_one_is_refused(journal):
    assert journal.time_zone_of("jo") == "UTC"
    journal.set_time_zone("jo", "America/New_York")
    assert journal.time_zone_of("jo") == "America/New_York"
    with pytest.raises(JournalError) as refused:
        journal.set_time_zone("jo", "Mars/Olympus")
    assert refused.value.code == "bad_time_zone" and journal.time_zone_of("jo") == "America/New_York"


def test_the_purge_forgets_journals_not_written_to_for_the_retention_days(journal):
    old, recent = NOW - timedelta(days=40), NOW - timedelta(days=2)
    journal.add_entry("widget:idle", "calf", old, factors=["stress"], now=old)
    journal.check_in("widget:idle", True, ["caffeine"], day=old.date(), now=old)
    journal.add_entry("widget:busy", "calf", old, now=old)
    journal.add_entry("widget:busy", "thumb", recent, now=recent)
    assert journal.purge_idle(NOW - timedelta(days=30)) == 1
    assert not journal.has_journal("widget:idle")
    assert [e.place for e in journal.entries("widget:busy")] == ["calf", "thumb"]
    with journal.session() as s:
        idle = erasers.hashed("widget:idle")
        for table in models.Base.metadata.sorted_tables:
            column = table.c.id if table.name == "journal_users" else table.c.user_id
            assert s.execute(sa.select(sa.func.count()).select_from(table).where(column == idle)).scalar() == 0


def test_opting_in_brings_the_conversations_journal_into_the_kept_one(journal):
    journal.add_entry("session-1", "left calf", NOW, factors=["caffeine"], now=NOW)
    journal.check_in("session-1", True, ["stress"], day=NOW.date(), now=NOW)
    journal.check_in("session-1", False, [], day=NOW.date() - timedelta(days=1), now=NOW)
    journal.add_entry("widget:kept", "thumb", NOW - timedelta(days=3), now=NOW)
    journal.check_in("widget:kept", False, ["alcohol"], day=NOW.date(), now=NOW)
    assert journal.adopt("session-1", "widget:kept") > 0
    assert journal.adopt("session-1", "widget:kept") == 0
    data = journal.data("widget:kept", NOW.date() - timedelta(days=5), NOW.date())
    assert sorted(e.place for e in data.entries) == ["left calf", "thumb"]
    assert [e.factors for e in data.entries if e.place == "left calf"] == [("caffeine",)]
    # The kept journal's own check-in of the same day stays; the other day comes over.
    assert [(c.day, c.twitching, c.factors) for c in data.checkins] == [
        (NOW.date() - timedelta(days=1), False, ()), (NOW.date(), False, ("alcohol",))]
    assert not journal.has_journal("session-1")
    with journal.session() as s:
        assert s.get(models.User, erasers.hashed("session-1")) is None
