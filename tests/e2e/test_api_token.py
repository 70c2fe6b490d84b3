"""The HTTP API is closed by default: every route of Rasa's API refuses a request without
the token (or with a wrong one), the token never shows on a command line, and browsers
may call Rasa only from the web page's own origin (ALLOWED_ORIGINS)."""
import json
import re
import socket
import subprocess
from pathlib import Path

import pytest
import requests
import websocket

from tests.e2e.server import BIN, ROOT, Conversation

EVIL = "http://evil.example"
# Rasa's own two public routes: a greeting and the version (docs/security.md).
PUBLIC = {"/", "/version"}

# Every route of Rasa's HTTP API, as Rasa itself registers them (Rasa ships no OpenAPI
# spec in its package, so the app's router is the list).
LIST_ROUTES = """
import json, rasa.server
app = rasa.server.create_app(auth_token="x")
print(json.dumps([[m, "/" + r.path] for r in app.router.routes for m in sorted(r.methods)]))
"""


@pytest.fixture(scope="module")
def api_routes():
    out = subprocess.run([str(BIN / "python"), "-c", LIST_ROUTES], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
                                          "PATH": "/usr/bin:/bin"}).stdout
    routes = [(m, re.sub(r"<[^>]+>", "e2e-nobody", p)) for m, p in json.loads(out.strip().splitlines()[-1])]
    assert len(routes) >= 19 and ("DELETE", "/model") in routes
    return routes


def test_every_api_route_refuses_a_request_without_the_right_token(servers, api_routes):
    for method, path in api_routes:
        if path in PUBLIC:
            continue
        for params in ({}, {"token": "wrong"}, {"token": ""}):
            r = requests.request(method, servers.url + path, params=params, json={}, timeout=60)
            assert r.status_code in (401, 403), (method, path, params, r.status_code, r.text[:200])
    # DELETE /model without the token left the model loaded.
    status = requests.get(servers.url + "/status", params={"token": servers.token}, timeout=30)
    assert status.status_code == 200 and status.json()["model_file"]


def test_the_tracker_needs_the_token(servers):
    conv = Conversation(servers)
    conv.say("my calf twitches")
    url = f"{servers.url}/conversations/{conv.sender}/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    tracker = requests.get(url, params={"token": servers.token}, timeout=30)
    assert tracker.status_code == 200
    assert tracker.json()["slots"]["twitch_location"] == "calf"


def test_the_token_is_on_no_command_line(servers):
    children = [p for p in Path("/proc").glob("[0-9]*/cmdline") if p.exists()]
    for cmdline in children:
        try:
            assert servers.token.encode() not in cmdline.read_bytes(), cmdline
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    assert servers.pids().keys() == {"actions", "rasa", "web"}


def preflight(servers, path, origin, method="POST"):
    return requests.options(servers.url + path, timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type"})


@pytest.mark.parametrize("path, method", [
    ("/conversations/someone/tracker", "GET"), ("/model", "DELETE"), ("/webhooks/rest/webhook", "POST")])
def test_another_site_gets_no_cors_permission(servers, path, method):
    r = preflight(servers, path, EVIL, method)
    assert "Access-Control-Allow-Origin" not in r.headers
    got = requests.get(servers.url + "/conversations/someone/tracker", timeout=30,
                       params={"token": servers.token}, headers={"Origin": EVIL})
    assert "Access-Control-Allow-Origin" not in got.headers


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_the_web_page_may_call_rasa(servers, host):
    page = f"http://{host}:{servers.web_port}"
    r = preflight(servers, "/webhooks/rest/webhook", page)
    assert r.headers.get("Access-Control-Allow-Origin") == page
    reply = requests.post(servers.url + "/webhooks/rest/webhook", headers={"Origin": page}, timeout=60,
                          json={"sender": f"page-{host}", "message": "hi"})
    assert reply.status_code == 200 and reply.headers.get("Access-Control-Allow-Origin") == page


def test_a_form_post_from_another_site_is_refused_and_not_stored(servers):
    conv = Conversation(servers)
    # A page elsewhere can send a text/plain POST without asking first (no preflight).
    r = requests.post(servers.url + "/webhooks/rest/webhook", timeout=60,
                      data=json.dumps({"sender": conv.sender, "message": "my calf twitches"}),
                      headers={"Origin": EVIL, "Content-Type": "text/plain"})
    assert r.status_code == 403 and r.json()["error"]
    assert conv.users() == 0


def socketio_connect(servers, origin: str) -> str:
    """Opens the widget's WebSocket with this Origin (one header, as a browser sends it)
    and asks socket.io to connect: "40..." is accepted, "44..." refused."""
    ws = websocket.create_connection(f"ws://127.0.0.1:{servers.rasa_port}/socket.io/?EIO=4&transport=websocket",
                                     origin=origin, timeout=30)
    try:
        assert ws.recv().startswith("0")  # engine.io's open packet
        ws.send("40")
        return ws.recv()
    finally:
        ws.close()


def test_a_socket_from_another_site_cannot_connect(servers):
    assert socketio_connect(servers, EVIL).startswith("44")
    assert socketio_connect(servers, f"http://127.0.0.1:{servers.web_port}").startswith("40")
    assert socketio_connect(servers, f"http://localhost:{servers.web_port}").startswith("40")


def listening(port: int):
    """The addresses something listens on at this TCP port (IPv4 and IPv6), from /proc."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.add(socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words))
    return found


def test_every_server_listens_on_the_loopback_only(servers):
    # rasa-sdk's action server would listen on every interface by default.
    for port in (servers.rasa_port, servers.action_port, servers.web_port):
        assert listening(port) == {"127.0.0.1"}, port
