"""Serves the chat page, the support-site FAQ page and the widget's files on WEB_PORT.

The widget talks to Rasa directly (socket.io, and REST for the FAQ page's ask box), so
this server only serves pages, and the journal's links (`/journal/<token>/<file>`, see
docs/journal.md). The FAQ page is rendered from the knowledge base on each
request, so an edited answer shows at once, as it does in the bot.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from journal import files as journal_files
from journal.links import LinkExpired, LinkUnknown, open_link
from journal.store import Journal
from twitch import knowledge, safety_text

HERE = Path(__file__).resolve().parent
SOCKET_IO_CLIENT = HERE.parent / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())


def rasa_origin(request: web.Request, rasa_port: int, public_url: Optional[str]) -> str:
    """Where the browser reaches Rasa: a configured public URL, or this host on RASA_PORT."""
    if public_url:
        return public_url.rstrip("/")
    host = request.host or "127.0.0.1"  # "name:port" or "[v6]:port"
    name = host[: host.index("]") + 1] if host.startswith("[") else host.split(":", 1)[0]
    return f"{request.scheme}://{name}:{rasa_port}"


def security_headers(rasa: str) -> Dict[str, str]:
    ws = rasa.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; connect-src 'self' {rasa} {ws}; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def faq_json_ld(entries: List[Dict[str, Any]]) -> Markup:
    """schema.org FAQPage for search engines: one Question per topic, its answer as the
    bot gives it. Escaped so no "</script>" or "<!--" in an answer can end the block."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "dateModified": max(e["reviewed"] for e in entries),
        "mainEntity": [
            {"@type": "Question", "@id": f"#{e['key']}", "name": e["question"],
             "acceptedAnswer": {"@type": "Answer", "text": knowledge.answer_text(e["key"])}}
            for e in entries
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def faq_context() -> Dict[str, Any]:
    entries = list(knowledge.load().values())
    return {"entries": entries, "reviewed": max(e["reviewed"] for e in entries),
            "json_ld": faq_json_ld(entries)}


# A journal file is health data: no cache keeps it, no search engine lists it, no other
# site frames it, and the page loads nothing from anywhere.
JOURNAL_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
}


def journal_file(token: str, file: str) -> web.Response:
    """The file a journal link opens: 404 for an unknown or forgotten link, 410 for an
    expired one. Runs in a worker thread (the database and the drawing block)."""
    journal = Journal.from_env()
    try:
        opened = open_link(journal, token, file)
    except LinkExpired:
        raise web.HTTPGone(text="This link has expired. Ask the assistant for a new one.") from None
    except LinkUnknown:
        raise web.HTTPNotFound(text="There is nothing at this link.") from None
    body, content_type = journal_files.render(journal, opened, file)
    headers = dict(JOURNAL_HEADERS)
    if file == "journal.csv":
        headers["Content-Disposition"] = 'attachment; filename="twitch-journal.csv"'
    elif file == "summary.pdf":
        headers["Content-Disposition"] = 'inline; filename="twitch-journal-summary.pdf"'
    return web.Response(body=body, headers={**headers, "Content-Type": content_type})


def create_app(rasa_port: int, public_url: Optional[str] = None) -> web.Application:
    def render(request: web.Request, template: str, **context: Any) -> web.Response:
        rasa = rasa_origin(request, rasa_port, public_url)
        # The numbers and services of TWITCH_LOCALE, as the bot names them.
        html = TEMPLATES.get_template(template).render(rasa_url=rasa, safety=safety_text.page_texts(), **context)
        return web.Response(text=html, content_type="text/html", headers=security_headers(rasa))

    async def chat_page(request: web.Request) -> web.Response:
        return render(request, "chat.html")

    async def faq_page(request: web.Request) -> web.Response:
        return render(request, "faq.html", **faq_context())

    async def socket_io_client(_: web.Request) -> web.StreamResponse:
        if not SOCKET_IO_CLIENT.exists():
            raise web.HTTPServiceUnavailable(text="socket.io-client is missing: run `make install`.")
        return web.FileResponse(SOCKET_IO_CLIENT, headers={"Content-Type": "application/javascript"})

    async def journal(request: web.Request) -> web.Response:
        return await asyncio.get_running_loop().run_in_executor(
            None, journal_file, request.match_info["token"], request.match_info["file"])

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=64 * 1024)
    app.router.add_get("/", chat_page)
    app.router.add_get("/faq", faq_page)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/journal/{token}/{file}", journal)
    app.router.add_get("/vendor/socket.io.min.js", socket_io_client)
    app.router.add_static("/static/", HERE / "static", show_index=False)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--rasa-url", default=None, help="Rasa's address as the browser sees it")
    args = parser.parse_args()
    web.run_app(create_app(args.rasa_port, args.rasa_url), host=args.host, port=args.port,
                print=None, access_log=None)


if __name__ == "__main__":
    main()
