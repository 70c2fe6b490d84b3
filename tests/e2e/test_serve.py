"""`make run`'s script: all three servers up on the given ports, and SIGTERM stops them all."""
import signal
import socket
import subprocess
import time

import requests

from tests.e2e.server import LOGS, ROOT, free_port


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_serve_script_starts_all_and_sigterm_stops_everything(servers):
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = dict(servers.env(), RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), WEB_PORT=str(web_port))
    log = open(LOGS / f"serve-{rasa_port}.log", "w")
    proc = subprocess.Popen([str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if "is ready" in (LOGS / f"serve-{rasa_port}.log").read_text():
                break
            time.sleep(1)
        assert proc.poll() is None, "serve.sh exited early"
        assert port_open(action_port)
        assert f"Open http://127.0.0.1:{web_port}" in (LOGS / f"serve-{rasa_port}.log").read_text()
        assert requests.get(f"http://127.0.0.1:{web_port}/", timeout=30).ok
        reply = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                              json={"sender": "serve-test", "message": "hello"}, timeout=60)
        assert reply.ok and reply.json()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(map(port_open, (rasa_port, action_port, web_port))):
        time.sleep(0.5)
    assert not any(map(port_open, (rasa_port, action_port, web_port))), "a server outlived SIGTERM"
