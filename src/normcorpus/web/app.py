"""The Starlette app: routes, security headers, errors as pages (never a traceback).

Each route reads its parameters (`forms`), runs one page or API function in a
worker thread with that thread's read-only corpus (`engine.Engine`), and
answers. Pages are rendered on the server and work without JavaScript;
`static/app.js` only sorts and filters tables in place. Every asset is in the
package (`static/`), nothing is fetched from elsewhere, and the Content
Security Policy says so to the browser.

Errors: a parameter the app cannot use, or a query the library refuses, is a
400 page with one line; an unknown clause, document or concept a 404; a query
stopped at the time limit a 503 that says so; anything else a 500 page that
shows no traceback (it goes to the server's log).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, plots
from ..errors import NormcorpusError, QueryError, QueryTimeout
from . import api, exports, forms, markup, pages
from .engine import Engine
from .forms import BadRequest, SearchForm

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger("normcorpus.web")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

# The pages use only what the package serves; inline SVG strips and the
# plots' own styles are attributes and `<style>` inside SVG images.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        version=__version__,
        clause_url=markup.clause_url,
        document_url=markup.document_url,
        concept_url=markup.concept_url,
        match_kinds=markup.MATCH_KINDS,
        level_names=markup.LEVEL_NAMES,
    )
    environment.filters["number"] = _number
    return environment


def _number(value: float | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


class SecurityHeaders:
    """Adds the Content Security Policy and friends to every response, and
    `Server-Timing` (what the server spent on it, as browsers' tools and
    `scripts/bench_web.py` read it)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                spent = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"DENY",
                    b"cross-origin-opener-policy": b"same-origin",
                    b"server-timing": f"app;dur={spent:.2f}".encode(),
                }
                if b"content-security-policy" not in names:
                    extra[b"content-security-policy"] = PAGE_POLICY.encode()
                headers.extend((k, v) for k, v in extra.items() if k not in names)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    data_dir: str | Path,
    *,
    glossary: str | Path | None = None,
    allowed_hosts: list[str] | None = None,
    time_limit: float | None = 2.0,
    workers: int = 4,
) -> Starlette:
    """The web app over a data directory (opened read-only).

    `allowed_hosts` guards against DNS rebinding (a page elsewhere reaching
    this server through a name that points at 127.0.0.1): by default only the
    loopback names are served; `["*"]` serves any.
    """
    engine = Engine.open(data_dir, glossary, workers=workers, time_limit=time_limit)
    environment = _environment()

    def html(template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        return HTMLResponse(environment.get_template(template).render(context), status_code=status)

    async def page(work: Callable[..., pages.Page], *args: Any, status: int = 200) -> HTMLResponse:
        def run(corpus: Any) -> str:
            template, context = work(corpus, *args)
            return environment.get_template(template).render(context)

        return HTMLResponse(await engine.run(run), status_code=status)

    # --- pages ---

    async def home(request: Request) -> Response:
        return await page(pages.search, SearchForm())

    async def search(request: Request) -> Response:
        form = SearchForm.read(request.query_params)
        try:
            return await page(pages.search, form)
        except QueryError as exc:
            # The form again, with the library's one line about what is wrong.
            status = 503 if isinstance(exc, QueryTimeout) else 400
            return await page(pages.search, form, str(exc), status=status)

    async def download(request: Request) -> Response:
        form = SearchForm.read(request.query_params)
        fmt = request.path_params["fmt"]
        if not form.searched:
            raise BadRequest("nothing to download: give a query or a concept")
        columns, rows, objects = await engine.run(pages.export_rows, form)
        name = f"normcorpus-{form.view}.{fmt}"
        if fmt == "csv":
            body, media = exports.csv_bytes(columns, rows), "text/csv; charset=utf-8"
        else:
            body, media = exports.jsonl_bytes(objects), "application/x-ndjson; charset=utf-8"
        return Response(
            body,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    async def clause(request: Request) -> Response:
        values = forms.read(request.query_params, forms.DOCUMENT_PARAMS)
        return await page(
            pages.clause, request.path_params["id"], values["q"], values["fold"], values["side"]
        )

    async def document(request: Request) -> Response:
        values = forms.read(request.query_params, forms.DOCUMENT_PARAMS)
        return await page(
            pages.document, request.path_params["doc"], values["q"], values["fold"], values["side"]
        )

    async def document_list(request: Request) -> Response:
        return await page(pages.document_list)

    async def concepts(request: Request) -> Response:
        values = forms.read(request.query_params, forms.CONCEPTS_PAGE_PARAMS)
        return await page(pages.concepts, values["count"], values["measure"])

    async def concept(request: Request) -> Response:
        return await page(pages.concept, request.path_params["id"])

    async def glossary_page(request: Request) -> Response:
        values = forms.read(request.query_params, forms.GLOSSARY_PARAMS)
        return await page(pages.glossary, values["filter"], values["status"], values["aligned"])

    async def api_page(request: Request) -> Response:
        return html(
            "api.html",
            {
                "endpoints": [
                    (
                        "/api/search",
                        "normcorpus search QUERY --format json",
                        forms.API_SEARCH_PARAMS,
                    ),
                    ("/api/clause/{id}", "normcorpus show ID --format json", ()),
                    (
                        "/api/concepts",
                        "normcorpus concepts --format json",
                        forms.API_CONCEPTS_PARAMS,
                    ),
                ],
                "plots": forms.PLOT_PARAMS,
            },
        )

    # --- the API ---

    async def api_search(request: Request) -> Response:
        values = forms.read(request.query_params, forms.API_SEARCH_PARAMS)
        return _json(await engine.run(api.search, values))

    async def api_clause(request: Request) -> Response:
        return _json(await engine.run(api.clause, request.path_params["id"]))

    async def api_concepts(request: Request) -> Response:
        values = forms.read(request.query_params, forms.API_CONCEPTS_PARAMS)
        return _json(await engine.run(api.concepts, values))

    # --- plots ---

    async def plot(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in plots.KINDS:
            raise HTTPException(404)
        values = forms.read(request.query_params, forms.PLOT_PARAMS)
        body = await engine.run(_plot, kind, values)
        return Response(
            body,
            media_type="image/svg+xml",
            headers={"content-security-policy": SVG_POLICY, "cache-control": "no-store"},
        )

    # --- errors ---

    def error_page(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        if request.url.path.startswith("/plot/"):
            return Response(
                exports.message_svg(message),
                status_code=status,
                media_type="image/svg+xml",
                headers={"content-security-policy": SVG_POLICY},
            )
        title = {400: "Bad request", 404: "Not found", 503: "Stopped"}.get(status, "Error")
        return html("error.html", {"status": status, "title": title, "message": message}, status)

    async def on_bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)
        return error_page(request, exc.status, exc.message)

    async def on_query_error(request: Request, exc: Exception) -> Response:
        status = 503 if isinstance(exc, QueryTimeout) else 400
        return error_page(request, status, str(exc))

    async def on_normcorpus_error(request: Request, exc: Exception) -> Response:
        return error_page(request, 400, str(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        messages = {404: "no such page", 405: "this page only answers GET"}
        return error_page(request, exc.status_code, messages.get(exc.status_code, exc.detail))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        LOG.exception("unexpected error on %s", request.url.path)
        return error_page(request, 500, "something went wrong on the server (see its log)")

    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/search.{fmt:str}", _only_formats(download, ("csv", "jsonl"))),
        Route("/clause/{id:path}", clause),
        Route("/document/{doc:str}", document),
        Route("/documents", document_list),
        Route("/concepts", concepts),
        Route("/concept/{id:str}", concept),
        Route("/glossary", glossary_page),
        Route("/api", api_page),
        Route("/api/search", api_search),
        Route("/api/clause/{id:path}", api_clause),
        Route("/api/concepts", api_concepts),
        Route("/plot/{kind:str}.svg", plot),
        Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    hosts = allowed_hosts if allowed_hosts is not None else list(LOOPBACK_HOSTS)
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
        ],
        exception_handlers={
            BadRequest: on_bad_request,
            QueryError: on_query_error,
            NormcorpusError: on_normcorpus_error,
            HTTPException: on_http,
            Exception: on_unexpected,
        },
    )
    app.state.engine = engine
    return app


def _only_formats(
    endpoint: Callable[[Request], Awaitable[Response]], allowed: tuple[str, ...]
) -> Callable[[Request], Awaitable[Response]]:
    async def checked(request: Request) -> Response:
        if request.path_params["fmt"] not in allowed:
            raise HTTPException(404)
        return await endpoint(request)

    return checked


def _json(value: Any) -> Response:
    body = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    return Response(body, media_type="application/json; charset=utf-8")


def _plot(corpus: Any, kind: str, values: dict[str, Any]) -> bytes:
    size = plots.Size(width=values["width"], dpi=96)
    if kind == "heatmap":
        data: Any = plots.heatmap(corpus, count=values["count"], top=values["top"])
        return plots.render(data, "svg", size, measure=values["measure"])
    if kind == "collocates":
        if not values["term"].strip():
            raise BadRequest("term: give the word or phrase whose collocates to plot")
        from ..study import collocates

        data = collocates(
            corpus.store, values["term"], top=min(values["top"], 40), fold=values["fold"]
        )
        return plots.render(data, "svg", size)
    filters = api.filters(values)
    if not values["q"].strip() and not values["concept"]:
        raise BadRequest("q: give a query (or a concept) to plot")
    if kind == "dispersion":
        return plots.render(
            plots.dispersion(corpus, values["q"], filters, fold=values["fold"]), "svg", size
        )
    return plots.render(
        plots.timeline(corpus, values["q"], filters, fold=values["fold"]), "svg", size
    )
