from twitch.result_text import NOT_A_DIAGNOSIS, compose
from twitch.triage import evaluate

BASE = {"twitch_location": "calf", "twitch_duration_days": 3, "weakness": False, "atrophy": False,
        "spreading": False, "sensory_symptoms": False, "bulbar_symptoms": False, "clear_trigger": True,
        "worsening": False, "painful_cramps": False, "family_history": False}


def result_for(**changes):
    f = {**BASE, **changes}
    return compose(evaluate(f, [k for k, v in changes.items() if v is None]), f, ["exercise"])


def test_every_result_says_it_is_not_a_diagnosis():
    for changes in ({}, {"weakness": True}, {"atrophy": True}, {"emergency_symptoms": True}):
        assert NOT_A_DIAGNOSIS in result_for(**changes)["text"]


def test_self_care_gives_tailored_advice_and_return_signs():
    text = result_for()["text"]
    assert "electrolytes" in text and "See a doctor sooner" in text
    assert "very rarely a sign of anything serious" in text


def test_soon_names_the_finding_the_doctor_and_the_timeframe():
    r = result_for(weakness=True)
    assert "real loss of strength" in r["text"] and "neurologist" in r["text"]
    assert r["payload"]["level"] == "soon" and r["payload"]["timeframe"] == "within one to three weeks"


def test_a_lasting_eyelid_twitch_goes_to_an_eye_doctor():
    r = result_for(twitch_location="left eyelid", twitch_duration_days=20)
    assert r["payload"]["doctor"].startswith("an eye doctor")


def test_not_sure_is_named_as_something_to_watch():
    r = result_for(weakness=None)
    assert "keep an eye on any real loss of strength" in r["text"]
    assert r["payload"]["watch_for"] == ["weakness"]


def test_an_eyelid_twitch_gets_eyelid_advice():
    text = result_for(twitch_location="right eyelid")["text"]
    assert "warm compress" in text and "eye doctor if it lasts more than two weeks" in text
