"""Rasa checks every action-server reply with `jsonschema.validate`, which first checks
the schema itself against its metaschema, on every call: about a tenth of the Rasa
server's CPU per message (docs/performance.md). `install` makes that check use a
validator built once from the same schema. A reply that fails goes on to Rasa's own
check, so the error raised and its message stay Rasa's.

Rasa has no setting or plugin hook for this; `deploy.launch` installs it when it starts
a Rasa process, before the server loads.
"""
from __future__ import annotations

from typing import Any, Dict

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction


def install() -> None:
    schema = RemoteAction.action_response_format_spec()
    checker = validator_for(schema)
    checker.check_schema(schema)
    validator = checker(schema)
    rasa_check = RemoteAction._validate_action_result

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        return validator.is_valid(result) or rasa_check(self, result)

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
