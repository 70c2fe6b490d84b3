"""Starts every process of the assistant (Rasa, the action server, the web page):
`python -m deploy.launch MODULE ARGS...` runs MODULE as `python -m` would, after what
Rasa has no setting for:

- JSON logs without content, in place of Rasa's, rasa-sdk's and Sanic's own set-up
  (privacy/logs.py);
- for the Rasa server, its check of action-server replies built once
  (twitch_nlu/action_replies.py), an apology when a custom action fails
  (channels/action_failure.py), and the HTTP API's token taken from the environment
  (readable by its owner only), never from the command line, which every local user
  can read.

    python -m deploy.launch rasa run ...      (instead of `rasa run ...`)
    python -m deploy.launch web.server ...    (instead of `python -m web.server ...`)
"""
from __future__ import annotations

import os
import runpy
import sys

from privacy import logs


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m deploy.launch MODULE [ARGS...]")
    module = sys.argv[1]
    logs.configure()
    if module == "rasa":
        import rasa.utils.io
        import rasa.utils.log_utils
        import rasa_sdk.utils

        rasa.utils.io.configure_colored_logging = logs.configure
        rasa.utils.log_utils.configure_structlog = logs.configure
        rasa_sdk.utils.configure_colored_logging = logs.configure
        logs.no_sanic_logging_config()
        # The Rasa server's hooks only: they import Rasa's actions and with them TensorFlow,
        # about 400 MB that the action server (`rasa run actions`) has no use for.
        if sys.argv[2:4] != ["run", "actions"]:
            from channels import action_failure
            from twitch_nlu import action_replies

            action_replies.install()
            action_failure.install()
        if "--enable-api" in sys.argv and os.environ.get("RASA_TOKEN"):
            # One argument: a token that starts with "-" (token_urlsafe makes one in 64)
            # is not read as an option.
            sys.argv.append(f"--auth-token={os.environ['RASA_TOKEN']}")
    sys.argv = [module] + sys.argv[2:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
