"""One process: the FastAPI app with the JSON API under /api and the Gradio UI mounted at /."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from assistant.offline import enforce_offline

enforce_offline()

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI, Request, Response  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402
from fastapi_offline import FastAPIOffline  # noqa: E402

from assistant.admin_api import build_admin_api  # noqa: E402
from assistant.api import build_api, document_model  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.feedback import FeedbackStore  # noqa: E402
from assistant.retrieval.engine import AnswerEngine  # noqa: E402
from assistant.ui.app import CSS, THEME, build_ui  # noqa: E402

log = logging.getLogger("assistant.server")
# Routes that take whole files: the admin upload and Gradio's own upload (used by the Beheer tab).
UPLOAD_PATHS = {"/api/admin/documents", "/gradio_api/upload"}
MULTIPART_OVERHEAD = 1_000_000
DESCRIPTION = (
    "Vragen over de aanpak van dakloosheid, beantwoord met geciteerde zinnen uit de kennisbank. "
    "`POST /api/ask` geeft het antwoord met genummerde bronnen; `refused` is true wanneer de kennisbank "
    "het antwoord niet bevat."
)


def create_app(
    settings: Settings, engine: AnswerEngine | None = None, feedback: FeedbackStore | None = None
) -> FastAPI:
    """The whole app; the engine (models and indexes) is loaded once and shared by API and UI."""
    engine = engine or AnswerEngine(settings)
    feedback = feedback or FeedbackStore(settings.feedback_path, settings.store_questions)
    # FastAPIOffline serves the /docs page's Swagger assets itself instead of from a CDN.
    app = FastAPIOffline(title="Thuisvraag API", version="0.1.0", description=DESCRIPTION)
    upload_limit = int(settings.max_file_mb * 1e6) + MULTIPART_OVERHEAD

    @app.middleware("http")
    async def limit_and_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        length = request.headers.get("content-length")
        limit = upload_limit if request.url.path in UPLOAD_PATHS else settings.max_request_bytes
        if length and length.isdigit() and int(length) > limit:
            response: Response = JSONResponse(
                {"detail": f"Het verzoek is te groot (maximaal {_size_text(limit)})."}, status_code=413
            )
        else:
            response = await call_next(request)
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

    app.include_router(build_api(settings, engine, feedback))
    if settings.admin_enabled:
        app.include_router(build_admin_api(settings, engine))

    def list_documents() -> list[dict[str, object]]:
        records = engine.catalog.documents()
        return [document_model(record).model_dump() for record in records if record.status == "complete"]

    blocks = build_ui(engine, feedback, list_documents)
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        theme=THEME,
        css=CSS,
        footer_links=[],
        ssr_mode=False,
        max_file_size=int(settings.max_file_mb * 1e6),
    )


def _size_text(limit: int) -> str:
    return f"{limit / 1e6:.0f} MB" if limit >= 1_000_000 else f"{limit // 1024} kB"


def ensure_index(settings: Settings) -> None:
    """Ingest first when the index is missing or older than the corpus."""
    from assistant.ingest.pipeline import open_catalog, plan_ingest, run_ingest

    catalog = open_catalog(settings)
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
    ensure_index(settings)
    app = create_app(settings)
    log.info("Thuisvraag serving at http://%s:%d (API docs at /docs)", host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
