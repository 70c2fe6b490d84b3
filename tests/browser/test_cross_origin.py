"""A page on another site, opened in Chromium, tries Rasa's HTTP API (even with the
token), the REST channel and the widget's socket.io, and gets nowhere; the same calls
from the bot's own web page work."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.e2e.server import Conversation

TRIES = """async ({rasa, token, sender, destructive}) => {
  const out = {};
  const attempt = async (name, f) => {
    try { out[name] = await f(); } catch (e) { out[name] = "blocked"; }
  };
  const message = JSON.stringify({sender, message: "my calf twitches"});
  await attempt("tracker", async () => (await fetch(`${rasa}/conversations/${sender}/tracker?token=${token}`)).status);
  await attempt("rest", async () => (await fetch(`${rasa}/webhooks/rest/webhook`, {
    method: "POST", headers: {"Content-Type": "application/json"}, body: message})).status);
  if (destructive) {
    await attempt("unload_model", async () => (await fetch(`${rasa}/model?token=${token}`, {method: "DELETE"})).status);
    // A form-like POST needs no permission to be sent; the server must refuse it.
    await attempt("rest_no_cors", async () => (await fetch(`${rasa}/webhooks/rest/webhook`, {
      method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: message})).type);
  }
  out.socket = await new Promise((resolve) => {
    const ws = new WebSocket(rasa.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
    ws.onmessage = (e) => { if (e.data[0] === "0") ws.send("40"); else { resolve(e.data.slice(0, 2)); ws.close(); } };
    ws.onerror = () => resolve("error");
    setTimeout(() => resolve("timeout"), 20000);
  });
  return out;
}"""


class ElsewherePage(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"<!doctype html><title>Somewhere else</title><p>Another site."
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def elsewhere():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ElsewherePage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def tries(page, servers, conv, destructive):
    return page.evaluate(TRIES, {"rasa": servers.url, "token": servers.token, "sender": conv.sender,
                                 "destructive": destructive})


def test_a_page_on_another_site_gets_nowhere(page, servers, elsewhere):
    conv = Conversation(servers)
    conv.say("hello")
    page.goto(elsewhere + "/")
    out = tries(page, servers, conv, destructive=True)
    assert out["tracker"] == "blocked" and out["rest"] == "blocked" and out["unload_model"] == "blocked"
    assert out["rest_no_cors"] == "opaque" and out["socket"] == "44", out
    assert conv.users() == 1, "the no-cors POST was refused and not stored"
    status = requests.get(servers.url + "/status", params={"token": servers.token}, timeout=30)
    assert status.status_code == 200 and status.json()["model_file"], "the model is still loaded"


def test_the_bots_own_page_gets_through(page, servers):
    conv = Conversation(servers)
    conv.say("hello")
    page.goto(servers.web_url + "/")
    out = tries(page, servers, conv, destructive=False)
    assert out == {"tracker": 200, "rest": 200, "socket": "40"}, out
    assert conv.users() == 2
