from datetime import date, datetime, timezone

import pytest

from twitch.duration import to_days, user_today

SUNDAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, days", [
    ("three weeks", 21), ("3 weeks", 21), ("3wks", 21), ("2 days", 2), ("2days", 2),
    ("a couple of months", 60), ("couple weeks", 14), ("a few days", 3), ("a few weeks", 21),
    ("several weeks", 21), ("a fortnight", 14), ("fortnight", 14), ("over a fortnight", 15),
    ("more than two weeks", 15), ("nearly three weeks", 20), ("a week and a half", 10.5),
    ("one and a half weeks", 10.5), ("1.5 weeks", 10.5), ("half a year", 182.5),
    ("2-3 weeks", 21), ("two or three weeks", 21), ("10 days", 10), ("a month", 30),
    ("6 months", 180), ("a year", 365), ("2 yrs", 730), ("an hour", 1 / 24),
    ("since yesterday", 1), ("yesterday", 1), ("since monday", 6), ("since last monday", 6),
    ("since Monday", 6), ("since mon", 6), ("since sunday", 7), ("since friday", 2),
    ("since last week", 7), ("since last month", 30), ("since the weekend", 1),
    ("last night", 1), ("this morning", 0.5), ("since march", 266),
    ("since saturday", 1), ("since wednesday", 4), ("since last thursday", 3), ("since tues", 5),
    ("since the 1st", 21), ("since the 20th", 2), ("since the 25th", 28),
    ("ages", 30), ("for ages", 30), ("a long time", 30), ("the past month", 30),
    ("past week", 7), ("for the past year", 365), ("the past 10 days", 10),
    ("for weeks", 21), ("for months", 60), ("FOR THREE WEEKS", 21),
])
def test_durations(text, days):
    assert to_days(text, SUNDAY) == pytest.approx(days, rel=1e-3)


@pytest.mark.parametrize("text", ["", "a while", "calf", "not sure", "weeks and weeks of worry",
                                  "since marriage", "since marathon training", "since maybe"])
def test_not_durations(text):
    assert to_days(text, SUNDAY) is None


@pytest.mark.parametrize("text, days", [("since mar", 266), ("since sept", 82), ("since Dec.", 356)])
def test_month_abbreviations(text, days):
    assert to_days(text, SUNDAY) == days


# 23:30 on Sunday in UTC is already Monday in Auckland and still Sunday in New York.
LATE_SUNDAY_UTC = datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("metadata, day", [
    ({"timezone": "Pacific/Auckland"}, date(2026, 11, 23)),
    ({"timezone": "America/New_York"}, date(2026, 11, 22)),
    ({"timezone": "Not/AZone"}, date(2026, 11, 22)),
    ({"timezone": "../../etc/passwd"}, date(2026, 11, 22)),
    ({"timezone": 5}, date(2026, 11, 22)),
    (None, date(2026, 11, 22)),
])
def test_the_user_date_comes_from_their_time_zone_else_utc(metadata, day):
    assert user_today(metadata, LATE_SUNDAY_UTC) == day


def test_since_monday_is_counted_on_the_users_date():
    monday_in_auckland = user_today({"timezone": "Pacific/Auckland"}, LATE_SUNDAY_UTC)
    assert to_days("since monday", monday_in_auckland) == 7
    assert to_days("since monday", user_today(None, LATE_SUNDAY_UTC)) == 6
