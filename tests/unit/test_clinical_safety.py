"""The hazard log (docs/clinical-safety/hazard-log.yml) names, for every control, the
tests that show it works. A named test that does not exist fails here, so the safety
case cannot drift from the test suite."""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import Dict, Set

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.yml"
SCALE = ("very low", "low", "medium", "high", "very high")


def hazard_log() -> dict:
    return yaml.safe_load(LOG.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def defined_tests(path: Path) -> Set[str]:
    """`name` and `Class::name` for every test function in a file."""
    names: Set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f"{node.name}::{f.name}" for f in node.body
                      if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return names


def all_references() -> Dict[str, str]:
    """Each test reference in the log, with the hazard that names it."""
    return {ref: h["id"] for h in hazard_log()["hazards"]
            for control in h["controls"] for ref in control["tests"]}


def test_every_hazard_is_complete_and_rated_on_the_scale():
    matrix = hazard_log()["risk_matrix"]
    for h in hazard_log()["hazards"]:
        for field in ("id", "title", "cause", "effect", "severity", "likelihood", "controls", "residual"):
            assert h.get(field), f"{h.get('id')}: no {field}"
        assert h["severity"] in matrix["severity"], h["id"]
        assert h["likelihood"] in SCALE and h["residual"]["likelihood"] in SCALE, h["id"]
        for control in h["controls"]:
            assert control["control"] and control["tests"], f"{h['id']}: a control without a test"


@pytest.mark.parametrize("ref", sorted(all_references()))
def test_every_named_test_exists(ref):
    path, _, name = ref.partition("::")
    file = ROOT / path
    assert file.is_file(), f"{all_references()[ref]} names {ref}: no such file"
    assert name in defined_tests(file), f"{all_references()[ref]} names {ref}: no such test"
