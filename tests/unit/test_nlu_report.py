"""twitch.nlu_report on a results directory as `rasa test nlu` writes it."""
import json

from twitch import nlu_report


def results(tmp_path, macro_f1):
    intents = {"greet": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 2},
               "macro avg": {"precision": macro_f1, "recall": macro_f1, "f1-score": macro_f1, "support": 2},
               "accuracy": macro_f1}
    entities = {"body_part": {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0},
                "micro avg": {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0}}
    (tmp_path / "intent_report.json").write_text(json.dumps(intents))
    (tmp_path / "TwitchEntityExtractor_report.json").write_text(json.dumps(entities))
    return tmp_path


def test_a_named_set_is_titled_and_gated(tmp_path, capsys):
    out = results(tmp_path, 0.9)
    assert nlu_report.main([str(out), "--name", "Door set", "--min-macro-f1", "0.95"]) == 1
    assert (out / "summary.md").read_text().startswith("# Door set\n")
    assert "Door set: intent macro-F1 0.9000 is below 0.95" in capsys.readouterr().out
    assert nlu_report.main([str(out), "--min-macro-f1", "0.85"]) == 0


def test_intents_only_leaves_out_the_entities(tmp_path):
    out = results(tmp_path, 1.0)
    assert "entity_micro_f1" in nlu_report.summarise(out)
    figures = nlu_report.summarise(out, intents_only=True)
    assert "entity_micro_f1" not in figures
    assert "Entities" not in (out / "summary.md").read_text()
