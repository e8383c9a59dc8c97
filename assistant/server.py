"""One process: the FastAPI app with the JSON API under /api and the Gradio UI mounted at /."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal

from assistant.offline import enforce_offline

enforce_offline()

import uvicorn  # noqa: E402
from fastapi import FastAPI, Request, Response  # noqa: E402
from fastapi.responses import HTMLResponse, JSONResponse  # noqa: E402
from fastapi_offline import FastAPIOffline  # noqa: E402
from starlette.routing import BaseRoute, Mount  # noqa: E402

from assistant.admin_api import build_admin_api  # noqa: E402
from assistant.api import add_error_handler, build_api, document_model  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.feedback import FeedbackStore  # noqa: E402
from assistant.retrieval.engine import AnswerEngine  # noqa: E402
from assistant.source_view import build_source_router, mount_source_assets  # noqa: E402

log = logging.getLogger("assistant.server")
# Routes that take whole files: the admin upload and Gradio's own upload (used by the Beheer tab).
UPLOAD_PATHS = {"/api/admin/documents", "/gradio_api/upload"}
MULTIPART_OVERHEAD = 1_000_000
DESCRIPTION = (
    "Vragen over de aanpak van dakloosheid, beantwoord met geciteerde zinnen uit de kennisbank. "
    "`POST /api/ask` geeft het antwoord met genummerde bronnen; `refused` is true wanneer de kennisbank "
    "het antwoord niet bevat."
)
STARTING_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Thuisvraag wordt gestart</title></head>
<body style="font-family: sans-serif; margin: 3em;"><h1>Thuisvraag wordt gestart</h1>
<p>De webpagina is over enkele seconden klaar; deze pagina ververst zichzelf.</p></body></html>
"""
FAILED_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Thuisvraag: webpagina niet beschikbaar</title></head>
<body style="font-family: sans-serif; margin: 3em;"><h1>De webpagina kon niet worden gestart</h1>
<p>De vraag-API onder /api werkt wel. Meld dit aan de beheerder; de oorzaak staat in het log van de server.</p>
</body></html>
"""
# Runs before Gradio's scripts: Gradio takes its interface language (and <html lang>) from the browser's,
# and Thuisvraag is Dutch whatever the browser says.
DUTCH_INTERFACE = (
    b"<script>for (const [key, value] of [['language', 'nl-NL'], ['languages', ['nl-NL', 'nl']]])"
    b" Object.defineProperty(navigator, key, { get: () => value });</script>"
)
UiMode = Literal["now", "background"]


class BodyLimit:
    """ASGI middleware that counts a request's body as it is read: a client that sends no Content-Length (a chunked
    body) met no limit at all (5 MB to /api/ask was read whole). Past the limit the app is told the client left, its
    response is dropped, and the request gets 413 (an exception would have become FastAPI's English 400)."""

    def __init__(self, app: Callable[..., Awaitable[None]], limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        received = 0
        over = False

        async def counted() -> dict:  # type: ignore[type-arg]
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def unless_over(message: dict) -> None:  # type: ignore[type-arg]
            if not over:
                await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over:
            log.warning("request to %s refused: body over %d bytes", scope["path"], limit)
            await too_large(limit)(scope, receive, send)


def too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"Het verzoek is te groot (maximaal {_size_text(limit)})."}, status_code=413)


def create_app(
    settings: Settings,
    engine: AnswerEngine | None = None,
    feedback: FeedbackStore | None = None,
    ui: UiMode = "now",
) -> FastAPI:
    """The whole app; the engine (models and indexes) is loaded once and shared by API and UI.

    With `ui="background"` (what `assistant serve` uses) the API answers as soon as the server is up, and the
    Gradio page is built and mounted at `/` right after, while `/` shows a Dutch page that refreshes itself.
    Importing gradio alone costs about 4 s here, most of the time to a first answer (benchmarks/results.md).
    """
    engine = engine or AnswerEngine(settings)
    feedback = feedback or FeedbackStore(settings.feedback_path, settings.store_questions)
    lifespan = _mount_ui_at_startup(settings, engine, feedback) if ui == "background" else None
    # FastAPIOffline serves the /docs page's Swagger assets itself instead of from a CDN.
    app = FastAPIOffline(title="Thuisvraag API", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    upload_limit = int(settings.max_file_mb * 1e6) + MULTIPART_OVERHEAD

    def limit_for(path: str) -> int:
        return upload_limit if path in UPLOAD_PATHS else settings.max_request_bytes

    @app.middleware("http")
    async def limit_and_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        length = request.headers.get("content-length")
        limit = limit_for(request.url.path)
        if length and length.isdigit() and int(length) > limit:
            response: Response = too_large(limit)
        else:
            response = await call_next(request)
            if request.url.path == "/" and response.headers.get("content-type", "").startswith("text/html"):
                response = await _dutch_page(response)
        # Browsers must take a served source file for what its type says (a .md with HTML in it is text).
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.url.path.startswith("/api"):
            log.info(
                "request method=%s path=%s status=%s ms=%.1f",
                request.method,
                request.url.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response

    app.add_middleware(BodyLimit, limit_for=limit_for)
    add_error_handler(app)
    app.include_router(build_api(settings, engine, feedback))
    if settings.admin_enabled:
        app.include_router(build_admin_api(settings, engine))
    app.include_router(build_source_router(settings, engine))
    mount_source_assets(app)

    if ui == "background":
        app.router.routes.append(Mount("/", app=HTMLResponse(STARTING_PAGE, 503, {"Retry-After": "2"})))
    else:
        mount_ui(app, settings, engine, feedback)
    return app


def mount_ui(app: FastAPI, settings: Settings, engine: AnswerEngine, feedback: FeedbackStore) -> FastAPI:
    """Build the Gradio page and mount it at `/`; returns Gradio's own app (the last route of `app`)."""
    import gradio as gr

    from assistant.ui.app import CSS, GRADIO_TEXTS, JS, THEME, build_ui

    def list_documents() -> list[dict[str, object]]:
        records = engine.catalog.documents()
        return [document_model(record).model_dump() for record in records if record.status == "complete"]

    blocks = build_ui(engine, feedback, list_documents)
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        theme=THEME,
        css=CSS,
        js=JS,
        footer_links=[],
        ssr_mode=False,
        max_file_size=int(settings.max_file_mb * 1e6),
        i18n=gr.I18n(nl=GRADIO_TEXTS, en=GRADIO_TEXTS),
    )
    route = app.router.routes[-1]
    assert isinstance(route, Mount) and isinstance(route.app, FastAPI)
    return route.app


def _mount_ui_at_startup(
    settings: Settings, engine: AnswerEngine, feedback: FeedbackStore
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan that serves at once and mounts the UI from a task, which also owns Gradio's own lifespan."""

    async def run_ui(app: FastAPI, stop: asyncio.Event) -> None:
        routes: list[BaseRoute] = app.router.routes
        placeholder = routes[-1]
        try:
            # Building runs on a thread: imports and Blocks construction would otherwise hold up every request.
            ui_app = await asyncio.to_thread(mount_ui, app, settings, engine, feedback)
        except Exception:
            log.exception("the web page could not be built; the API keeps serving")
            routes[routes.index(placeholder)] = Mount("/", app=HTMLResponse(FAILED_PAGE, 503))
            await stop.wait()
            return
        # What mount_gradio_app would have run at start-up: Gradio's lifespan and its queue.
        async with ui_app.router.lifespan_context(ui_app):
            blocks = ui_app.get_blocks()  # type: ignore[attr-defined]
            blocks.run_startup_events()
            await blocks.run_extra_startup_events()
            # mount_gradio_app appended the UI after the placeholder; dropping the placeholder switches `/` at once.
            routes.remove(placeholder)
            log.info("web page ready at /")
            await stop.wait()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(run_ui(app, stop))
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await task

    return lifespan


async def _dutch_page(response: Response) -> Response:
    """Gradio's page with <html lang="nl"> and a Dutch interface language, whatever the browser's."""
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    body = body.replace(b'lang="en"', b'lang="nl"', 1).replace(b"<head>", b"<head>" + DUTCH_INTERFACE, 1)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return Response(body, status_code=response.status_code, headers=headers)


def _size_text(limit: int) -> str:
    return f"{limit / 1e6:.0f} MB" if limit >= 1_000_000 else f"{limit // 1024} kB"


def ensure_index(settings: Settings) -> None:
    """Ingest first when the index is missing or older than the corpus."""
    from assistant.ingest.pipeline import plan_ingest, run_ingest
    from assistant.paths import index_paths
    from assistant.store.writing import open_catalog_for_writing

    catalog = open_catalog_for_writing(index_paths(settings))
    try:
        plan, _ = plan_ingest(settings, catalog)
    finally:
        catalog.close()
    if not plan.is_noop:
        log.warning(
            "index is missing or stale (%d to index, %d to remove): ingesting first",
            len(plan.to_index),
            len(plan.to_remove),
        )
        report = run_ingest(settings, show_progress=True)
        for path, reason in report.skipped:
            log.warning("skipped %s: %s", path, reason)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The operator's console: start-up, the address, and one structured line per API request.
    log.setLevel(logging.INFO)
    ensure_index(settings)
    app = create_app(settings, ui="background")
    log.info("Thuisvraag serving at http://%s:%d (API docs at /docs)", host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
