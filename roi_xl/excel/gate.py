"""What stands between the network and xlwings Server in ``roi-xl serve``.

xlwings Server (1.20) runs a synchronous custom function on its one event
loop, and parses the request's JSON and encodes the answer there too: one
million-cell call blocks every other caller for seconds. Its settings offer
no per-call time limit (``XLWINGS_REQUEST_TIMEOUT`` is how long the *client*
waits), no request size limit and no ``Host`` check. Three layers, outermost
first, wrap its application unmodified:

1. **Allowed hosts** (Starlette's ``TrustedHostMiddleware``): a ``Host``
   header not in the list is ``400 Invalid host header``. Loopback names by
   default, so a web page that rebinds its own DNS name to 127.0.0.1 cannot
   reach the server (DNS rebinding).
2. **Request size**: a body over the limit is ``413`` from its
   ``Content-Length``, before a byte of it is read; a body without a length
   (chunked) is ``411``. The server (uvicorn) never reads past the length given.
3. **Worker pool**: each ``POST .../xlwings/custom-functions-call`` is read
   here (bytes, no JSON parsing) and handed whole (route, authentication,
   JSON, xlwings's conversion, the function, the JSON answer) to xlwings
   Server's own application in one of a bounded pool of worker *processes*
   (`Pebble`_). A call still running after the time limit has its process
   ended (a thread cannot be stopped) and answers ``400`` with "took longer
   than N s": Excel shows ``#VALUE!`` with that message, and does not retry
   (xlwings retries only 5xx). Everything else (manifest, metadata, the
   JavaScript, static files) is served by the server process itself.

A process, not a thread: JSON parsing and most of a function's work hold
Python's GIL, so a thread pool would still stall the event loop, and a
runaway thread cannot be stopped. Size checks in the functions keep the
known slow inputs from starting at all; the time limit is the backstop.

.. _Pebble: https://pypi.org/project/Pebble/
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import ipaddress
import multiprocessing
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_MAX_REQUEST_MB",
    "DEFAULT_TIME_LIMIT",
    "DEFAULT_WORKERS",
    "LOOPBACK_NAMES",
    "Limits",
    "build_app",
    "host_patterns",
    "is_loopback",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Host names a request may address by default: this machine's own.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: Largest request body, in MB (10^6 bytes): a 1,000,000-row, 3-column range is ~48 MB.
DEFAULT_MAX_REQUEST_MB = 64
#: Seconds one custom-function call may run (100,000 attribution rows take ~1.5 s).
DEFAULT_TIME_LIMIT = 30.0
#: Worker processes running calls at once.
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class Limits:
    """How ``roi-xl serve`` bounds what a request can make it do."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    max_request_bytes: int = DEFAULT_MAX_REQUEST_MB * 1_000_000
    time_limit: float = DEFAULT_TIME_LIMIT
    workers: int = DEFAULT_WORKERS


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a listening address or name) is this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def host_patterns(hosts: Iterable[str]) -> list[str]:
    """Host names as Starlette compares them: lower case, IPv6 literals in brackets."""
    patterns = []
    for host in hosts:
        name = host.strip().lower()
        try:
            if ipaddress.ip_address(name.strip("[]")).version == 6:
                name = f"[{name.strip('[]')}]"
        except ValueError:
            pass
        patterns.append(name)
    return patterns


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse a request body over ``limit`` bytes from its declared length (413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            if length is not None:
                if not length.isdigit():
                    await _plain(send, 400, "Content-Length is not a number")
                    return
                if int(length) > self.limit:
                    await _plain(
                        send,
                        413,
                        f"the request body is {int(length):,} bytes; roi-xl serve takes at "
                        f"most {self.limit:,} (--max-request-mb)",
                    )
                    return
            elif b"chunked" in headers.get(b"transfer-encoding", b"").lower():
                await _plain(send, 411, "a request body needs a Content-Length")
                return
        await self.app(scope, receive, send)


# --- the worker processes -----------------------------------------------------

_worker_app: ASGIApp | None = None
_worker_loop: asyncio.AbstractEventLoop | None = None


def _start_worker() -> None:
    """Pool initializer: import xlwings Server's application once per worker process."""
    global _worker_app, _worker_loop
    from xlwings_server.main import main_app

    _worker_app = main_app
    _worker_loop = asyncio.new_event_loop()


def _ready() -> bool:
    return _worker_app is not None


def _run_call(scope: dict[str, Any], body: bytes) -> tuple[int, list[Any], bytes]:
    """In a worker: run one request through xlwings Server's application; its response."""
    if _worker_app is None or _worker_loop is None:  # pragma: no cover - initializer ran
        _start_worker()
    assert _worker_app is not None and _worker_loop is not None
    return _worker_loop.run_until_complete(_respond(_worker_app, scope, body))


async def _respond(
    app: ASGIApp, scope: dict[str, Any], body: bytes
) -> tuple[int, list[Any], bytes]:
    delivered = False
    status = 500
    headers: list[Any] = []
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client stays connected until the answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = int(message["status"])
            headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))

    try:
        await app(scope, receive, send)
    except Exception:
        # Starlette answers an unhandled error with 500, then raises it again
        if not chunks:
            raise
    return status, headers, b"".join(chunks)


#: The parts of an ASGI scope a worker needs (all picklable).
_SCOPE_KEYS = (
    "type",
    "asgi",
    "http_version",
    "method",
    "scheme",
    "path",
    "raw_path",
    "query_string",
    "root_path",
    "headers",
    "client",
    "server",
)


class CallPool:
    """A bounded pool of worker processes with a time limit per call."""

    def __init__(self, workers: int, time_limit: float) -> None:
        from pebble import ProcessPool

        self.time_limit = time_limit
        self.pool = ProcessPool(
            max_workers=workers,
            initializer=_start_worker,
            context=multiprocessing.get_context("spawn"),
        )
        # every worker imports xlwings Server before the first request
        ready = [self.pool.submit(_ready, None) for _ in range(workers)]
        concurrent.futures.wait(ready, timeout=120)

    async def call(self, scope: Scope, body: bytes) -> tuple[int, list[Any], bytes]:
        plain = {key: scope[key] for key in _SCOPE_KEYS if key in scope}
        plain["headers"] = [(bytes(k), bytes(v)) for k, v in scope.get("headers", [])]
        future = self.pool.submit(_run_call, self.time_limit, plain, body)
        try:
            return await asyncio.wrap_future(future)
        except concurrent.futures.TimeoutError:
            limit = f"{self.time_limit:g}"
            return _text(
                f"the calculation took longer than {limit} s and was stopped "
                f"(roi-xl serve --time-limit {limit}); use a smaller range"
            )
        except Exception as exc:  # the worker died (memory, a signal): never retried
            from pebble import ProcessExpired

            if isinstance(exc, ProcessExpired):
                return _text("the calculation stopped unexpectedly (its worker process ended)")
            raise

    def close(self) -> None:
        """End the workers and free the pool's locks (else the resource tracker warns)."""
        self.pool.stop()
        self.pool.join(timeout=10)
        del self.pool
        gc.collect()


def _text(message: str) -> tuple[int, list[Any], bytes]:
    body = message.encode("utf-8")
    return 400, [(b"content-type", b"text/plain; charset=utf-8")], body


class OffLoop:
    """Send custom-function calls to the worker pool; everything else to ``app``."""

    def __init__(self, app: ASGIApp, pool: CallPool, call_path: str) -> None:
        self.app = app
        self.pool = pool
        self.call_path = call_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/") == self.call_path
        ):
            await self.app(scope, receive, send)
            return
        parts = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        status, headers, body = await self.pool.call(scope, b"".join(parts))
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def build_app(limits: Limits) -> tuple[ASGIApp, CallPool]:
    """xlwings Server's application behind the three layers; and its pool, to close."""
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from xlwings_server.config import settings
    from xlwings_server.main import main_app

    pool = CallPool(limits.workers, limits.time_limit)
    app: ASGIApp = OffLoop(main_app, pool, f"{settings.app_path}/xlwings/custom-functions-call")
    app = BodyLimit(app, limits.max_request_bytes)
    app = TrustedHostMiddleware(
        app, allowed_hosts=host_patterns(limits.allowed_hosts), www_redirect=False
    )
    return app, pool
