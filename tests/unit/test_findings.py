from twitch.findings import as_answer, Reading, merge_unsure, read_message


def ent(entity, value, polarity="present", text=None):
    return {"entity": entity, "value": value, "polarity": polarity, "text": text or str(value)}


def test_first_message_fills_what_it_can():
    r = read_message("describe_symptoms", [
        ent("body_part", "calf", text="left calf"), ent("duration", 21.0),
        ent("symptom", "weakness"), ent("trigger", "caffeine"),
    ])
    assert r.slots == {"twitch_location": "left calf", "twitch_duration_days": 21.0,
                       "weakness": True, "clear_trigger": True}
    assert r.triggers == ["caffeine"]


def test_yes_and_no_answer_the_question_asked():
    assert read_message("affirm", [], "atrophy").slots == {"atrophy": True}
    assert read_message("deny", [], "atrophy").slots == {"atrophy": False}
    assert read_message("deny", [], "clear_trigger").slots == {"clear_trigger": False}


def test_a_no_with_a_new_fact_keeps_both():
    r = read_message("deny", [ent("symptom", "weakness")], "spreading")
    assert r.slots == {"weakness": True, "spreading": False}


def test_not_sure_leaves_the_slot_empty_and_remembers_it():
    r = read_message("unsure", [], "weakness")
    assert r.slots == {} and r.unsure == ["weakness"]
    r = read_message("describe_symptoms", [ent("symptom", "weakness", "uncertain")])
    assert r.slots == {} and r.unsure == ["weakness"]


def test_no_reason_means_no_clear_trigger():
    assert read_message("describe_symptoms", [ent("trigger", "none")]).slots == {"clear_trigger": False}


def test_questions_and_emergencies_set_no_findings():
    e = [ent("symptom", "spreading"), ent("trigger", "caffeine")]
    assert read_message("faq/caffeine", e).slots == {}
    assert read_message("faq", e).slots == {}
    assert read_message("emergency", e).slots == {}
    assert read_message("crisis", [], "weakness", "no, I just can't cope").slots == {}
    assert read_message("faq/als", [ent("duration", 21.0), ent("symptom", "spreading")]).slots == {"twitch_duration_days": 21.0}


def test_a_short_free_answer_to_where_is_the_location():
    r = read_message("describe_symptoms", [], "twitch_location", "the webbing between my toes")
    assert r.slots == {"twitch_location": "the webbing between my toes"}


def test_a_later_answer_clears_not_sure():
    assert merge_unsure(["weakness"], Reading(slots={"weakness": True}), {"weakness": True}) == []
    assert merge_unsure(["weakness"], Reading(), {}) == ["weakness"]


def test_a_one_word_answer_to_where_counts_whatever_the_intent():
    e = [ent("body_part", "hand", text="hand")]
    assert read_message("out_of_scope", e, "twitch_location").slots == {"twitch_location": "hand"}
    assert read_message("out_of_scope", e, "weakness").slots == {}
    assert read_message("emergency", e, "twitch_location").slots == {}


def test_free_text_answers_the_question_when_the_classifier_did_not():
    assert read_message("describe_symptoms", [], "weakness", "nope strength is fine").slots == {"weakness": False}
    assert read_message("nlu_fallback", [], "painful_cramps", "I do").slots == {"painful_cramps": True}
    assert read_message("describe_symptoms", [], "twitch_duration_days", "months").slots == {"twitch_duration_days": 60}
    assert read_message("describe_symptoms", [], "twitch_duration_days", "ages").slots == {"twitch_duration_days": 30}


def test_all_over_or_three_regions_is_spreading():
    all_over = [ent("body_part", "all_over", text="all over my body")]
    assert read_message("describe_symptoms", all_over).slots["spreading"] is True
    three = [ent("body_part", v) for v in ("calf", "arm", "back")]
    assert read_message("describe_symptoms", three).slots["spreading"] is True
    two = [ent("body_part", v) for v in ("eyelid", "calf")]
    assert "spreading" not in read_message("describe_symptoms", two).slots


def test_the_words_win_over_a_classifier_yes():
    assert read_message("affirm", [], "worsening", "it is not").slots == {"worsening": False}
    assert read_message("affirm", [], "atrophy", "I have not noticed any").slots == {"atrophy": False}
    assert read_message("affirm", [], "atrophy", "yes").slots == {"atrophy": True}


def test_a_plain_yes_or_no_answers_the_question_whatever_topic_the_classifier_heard():
    assert as_answer("faq/cramp_vs_twitch", "yes I get cramps with it") == "affirm"
    assert as_answer("faq/als", "no, but could this be ALS?") == "deny"
    assert as_answer("faq/als", "could this be ALS?") == "faq/als"
    assert as_answer("emergency", "yes I can't breathe") == "emergency"


def test_a_trigger_named_to_the_trigger_question_answers_it_whatever_the_classifier_heard():
    # "stress" is also an FAQ topic; said to the trigger question, it is the answer.
    assert as_answer("faq/stress", "stress", "clear_trigger", [ent("trigger", "stress")]) == "describe_symptoms"
    assert as_answer("faq/stress", "does stress cause twitching?") == "faq/stress"
    assert as_answer("faq/stress", "stress", "weakness", [ent("trigger", "stress")]) == "faq/stress"
    r = read_message("out_of_scope", [ent("trigger", "strain")], "clear_trigger", "screen time mostly")
    assert r.slots == {"clear_trigger": True} and r.triggers == ["strain"]
    r = read_message("nlu_fallback", [ent("trigger", "none")], "clear_trigger", "I cannot think of any reason for it")
    assert r.slots == {"clear_trigger": False}
    # A long story that happens to name a trigger is not taken as the answer.
    long = "well I was reading about it on my laptop all day and then I thought about my uncle"
    assert read_message("out_of_scope", [ent("trigger", "strain")], "clear_trigger", long).slots == {}
