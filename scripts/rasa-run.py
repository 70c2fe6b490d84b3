"""`rasa` with `--auth-token` taken from RASA_TOKEN: a process's environment is readable by
its owner only, its command line (/proc/PID/cmdline, `ps`) by every local user."""
import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    sys.argv = ["rasa", *sys.argv[1:], "--auth-token", os.environ["RASA_TOKEN"]]
    sys.exit(main())
