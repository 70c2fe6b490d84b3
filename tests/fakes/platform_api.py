"""A real HTTP server standing in for a chat platform's Web API (Slack, Telegram).
It records every call the bot makes and answers with what the platform would."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Mapping, Optional
from urllib.parse import parse_qsl


@dataclass
class Call:
    method: str  # the API method, e.g. "chat.postMessage" or "sendMessage"
    path: str
    headers: Dict[str, str]
    body: Dict[str, Any]


def _parse_body(content_type: str, raw: bytes) -> Dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(raw)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    if content_type.startswith("multipart/form-data"):
        msg = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        return {part.get_param("name", header="content-disposition"): part.get_content()
                for part in msg.iter_parts()}
    return {"_raw": raw.decode("utf-8", "replace")}


# Answers a call: (method, body) -> the JSON the platform would send back.
Answer = Callable[[str, Mapping[str, Any]], Dict[str, Any]]


class FakePlatformApi:
    def __init__(self, answer: Answer, method_of: Callable[[str], str] = lambda p: p.rsplit("/", 1)[-1]):
        self.calls: List[Call] = []
        self._lock = threading.Lock()
        self._answer, self._method_of = answer, method_of
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path, _, query = self.path.partition("?")
                # Slack's Web API takes arguments in the query string too (slack_sdk sends
                # files.completeUploadExternal's that way); the body's win.
                body = {**dict(parse_qsl(query, keep_blank_values=True)),
                        **_parse_body(self.headers.get("Content-Type", ""), raw)}
                method = fake._method_of(path)
                with fake._lock:
                    fake.calls.append(Call(method, self.path, dict(self.headers), body))
                out = json.dumps(fake._answer(method, body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "FakePlatformApi":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def snapshot(self) -> List[Call]:
        with self._lock:
            return list(self.calls)

    def wait_for(self, predicate: Callable[[List[Call]], Optional[Any]], limit: float = 60) -> Any:
        """Polls the recorded calls until predicate returns something truthy."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            found = predicate(self.snapshot())
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"the bot did not make the expected call; it made: "
                             f"{[(c.method, c.body) for c in self.snapshot()]}")
