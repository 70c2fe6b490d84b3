"""The journal's patterns: counts, and when a factor may be named (patterns.py)."""
from datetime import date, datetime, timedelta, timezone

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import patterns
from journal.patterns import Day, compare, hints, named
from journal.records import FACTORS, CheckIn, Entry

START = date(2026, 10, 1)
factor_sets = st.frozensets(st.sampled_from(sorted(FACTORS)))
amounts = st.integers(min_value=0, max_value=8)


@st.composite
def histories(draw, min_size=0, max_size=30):
    rows = draw(st.lists(st.tuples(amounts, factor_sets), min_size=min_size, max_size=max_size))
    return [Day(START + timedelta(days=i), a, f) for i, (a, f) in enumerate(rows)]


def _next_day(history):
    return START + timedelta(days=len(history))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.sampled_from(sorted(FACTORS)))
def test_never_named_without_three_days_with_it_and_three_without(history, factor):
    with_ = sum(1 for d in history if factor in d.factors)
    if with_ < 3 or len(history) - with_ < 3:
        assert compare(factor, history) is None
        assert factor not in {h.factor for h in hints(history)}


@st.composite
def comparable(draw):
    """A factor and a history with at least 3 days with it and 3 without, built so (no
    filtering): the cases where the factor can be compared at all."""
    factor = draw(st.sampled_from(sorted(FACTORS)))
    rows = draw(st.lists(st.tuples(amounts, factor_sets), max_size=20))
    rows += [(draw(amounts), draw(factor_sets) | {factor}) for _ in range(3)]
    rows += [(draw(amounts), draw(factor_sets) - {factor}) for _ in range(3)]
    rows = draw(st.permutations(rows))
    return factor, [Day(START + timedelta(days=i), a, f) for i, (a, f) in enumerate(rows)]


@settings(suppress_health_check=[HealthCheck.too_slow])  # the machine is shared: no test on time
@given(comparable(), st.integers(min_value=0, max_value=4), factor_sets)
def test_a_day_without_the_factor_and_no_calmer_never_makes_it_look_stronger(case, more, others):
    """Literally "any day without the factor" cannot hold for any comparison with the
    days without it: a calm day without caffeine is evidence about caffeine. What must
    hold: a day without it that had no less twitching than such days did on average."""
    factor, history = case
    before = compare(factor, history)
    extra = math.ceil(before.mean_without) + more
    after = compare(factor, history + [Day(_next_day(history), extra, others - {factor})])
    assert after.mean_with - after.mean_without <= before.mean_with - before.mean_without + 1e-9
    assert not named(after) or named(before)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(comparable(), factor_sets)
def test_a_calm_day_with_the_factor_never_makes_it_look_stronger(case, others):
    factor, history = case
    before = compare(factor, history)
    after = compare(factor, history + [Day(_next_day(history), 0, others | {factor})])
    assert after.mean_with - after.mean_without <= before.mean_with - before.mean_without + 1e-9
    assert not named(after) or named(before)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.sampled_from(sorted(FACTORS)))
def test_a_factor_noted_every_day_is_never_named(history, factor):
    every = [Day(d.day, d.amount, d.factors | {factor}) for d in history]
    assert factor not in {h.factor for h in hints(every)}


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_hints_are_worded_as_hints(history):
    for h in hints(history):
        assert h.text.startswith("more on days ") and "cause" not in h.text
        assert h.days_with >= 3 and h.days_without >= 3 and h.mean_with > h.mean_without


def test_a_clear_pattern_is_named():
    history = ([Day(START + timedelta(days=i), 3, frozenset({"caffeine"})) for i in range(3)]
               + [Day(START + timedelta(days=3 + i), 1, frozenset()) for i in range(3)])
    [hint] = hints(history)
    assert (hint.factor, hint.text, hint.days_with, hint.days_without) == (
        "caffeine", "more on days after caffeine", 3, 3)
    assert hints(history[1:]) == []  # two days with it are not enough


def _entry(day, place, factors=(), hour=9):
    return Entry(id=0, at=datetime(2026, 11, day, hour, tzinfo=timezone.utc), place=place, factors=tuple(factors))


def test_days_read_entries_and_check_ins():
    entries = [_entry(2, "calf", ["stress"]), _entry(2, "eyelid"), _entry(3, "calf")]
    checkins = [CheckIn(date(2026, 11, 3), True, ("caffeine",)), CheckIn(date(2026, 11, 4), False, ("alcohol",)),
                CheckIn(date(2026, 11, 5), True)]
    assert patterns.days(entries, checkins) == [
        Day(date(2026, 11, 2), 2, frozenset({"stress"})), Day(date(2026, 11, 3), 1, frozenset({"caffeine"})),
        Day(date(2026, 11, 4), 0, frozenset({"alcohol"})), Day(date(2026, 11, 5), 1, frozenset())]


def test_counts_per_place_per_day_and_since_when():
    entries = [_entry(5, "eyelid"), _entry(2, "calf"), _entry(3, "calf"), _entry(3, "calf", hour=18)]
    assert patterns.per_place(entries) == {"calf": 3, "eyelid": 1}
    assert patterns.per_day(entries) == {date(2026, 11, 2): 1, date(2026, 11, 3): 2, date(2026, 11, 5): 1}
    assert patterns.since(entries) == {"calf": date(2026, 11, 2), "eyelid": date(2026, 11, 5)}
