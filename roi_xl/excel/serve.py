"""``roi-xl serve``: the ``CS_`` functions for Excel on the web and on Mac, through xlwings Server.

Excel on the web and Excel on Mac run custom functions in Office.js: a
JavaScript runtime inside Excel that sends each call over HTTPS to a server.
``roi-xl serve`` starts that server: `xlwings Server`_ (the optional extra
``roi-xl[server]``) with roi_xl's functions as its custom-functions module,
unmodified. It serves

* ``/manifest``: the add-in manifest to sideload into Excel;
* ``/xlwings/custom-functions-meta.json``: each function's name, description,
  arguments and dropdowns;
* ``/xlwings/custom-functions-code.js``: the JavaScript Excel loads, one stub
  per function that posts the call to
* ``/xlwings/custom-functions-call``: where Python computes the result.

Office loads add-ins over HTTPS: give a certificate and its key (``--cert``,
``--key``); plain HTTP serves tests on 127.0.0.1. An address other machines
can reach needs both HTTPS and authentication (xlwings Server's providers,
``XLWINGS_AUTH_PROVIDERS``); the command refuses to start without them.

In front of xlwings Server, :mod:`roi_xl.excel.gate` checks the ``Host`` name
and the request size, and runs each call in a bounded pool of worker processes
with a time limit (docs/serving.md).

Licence: xlwings Server and the Office.js part of xlwings are dual-licensed
(PolyForm Noncommercial 1.0.0, free for non-commercial use, or the paid
xlwings PRO licence). The command refuses to start without a licence key in
``XLWINGS_LICENSE_KEY``; ``noncommercial`` is the free non-commercial key.

The server runs in a fresh Python interpreter (``python -m roi_xl.excel.serve``):
the environment that selects xlwings's Office.js runtime
(``XLWINGS_ON_SERVER=true``) must be set before xlwings is imported, and the
command line has already imported it for the classic runtime.

.. _xlwings Server: https://server.xlwings.org
"""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import json
import os
import ssl
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..io.terminal import printable
from .gate import (
    DEFAULT_MAX_REQUEST_MB,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    LOOPBACK_NAMES,
    Limits,
    is_loopback,
)

__all__ = [
    "PROJECT_DIR",
    "ServeError",
    "allowed_hosts",
    "auth_providers",
    "check",
    "limits",
    "serve",
    "server_environment",
]

#: The xlwings Server project folder: ``custom_functions`` imports ``roi_xl.excel.udfs``.
PROJECT_DIR = Path(__file__).resolve().parent / "server"

LICENCE_MISSING = (
    "XLWINGS_LICENSE_KEY is not set: xlwings Server needs a licence key; for non-commercial "
    "use set XLWINGS_LICENSE_KEY=noncommercial (free, PolyForm Noncommercial), for commercial "
    "use a paid key from https://www.xlwings.org/pricing"
)
EXTRA_MISSING = (
    "roi-xl serve needs the optional server part: pip install 'roi-xl[server]' "
    "(xlwings Server, free for non-commercial use only; see docs/licensing.md)"
)


class ServeError(Exception):
    """The server cannot start; the message is one line for the user."""


def auth_providers(environ: Mapping[str, str]) -> list[str]:
    """xlwings Server's authentication providers from ``XLWINGS_AUTH_PROVIDERS`` (a JSON list).

    Examples
    --------
    >>> auth_providers({"XLWINGS_AUTH_PROVIDERS": '["entraid"]'})
    ['entraid']
    >>> auth_providers({})
    []
    """
    text = environ.get("XLWINGS_AUTH_PROVIDERS", "").strip()
    if not text:
        return []
    try:
        providers = json.loads(text)
    except json.JSONDecodeError:
        providers = None
    if not isinstance(providers, list) or not all(isinstance(p, str) for p in providers):
        raise ServeError(
            "XLWINGS_AUTH_PROVIDERS must be a JSON list of provider names, "
            f"such as '[\"entraid\"]'; got {printable(text)[:60]}"
        )
    return [p for p in providers if p.strip()]


def check(
    host: str,
    port: int,
    cert: str | None,
    key: str | None,
    limits: Limits | None = None,
) -> None:
    """Refuse, with one line, what would stop the server from starting or serving Excel.

    Raises
    ------
    ServeError
        No licence key, the ``server`` extra not installed, a port out of range,
        only one of certificate and key, a certificate that does not load,
        limits out of range, or an address other machines can reach without
        both HTTPS and authentication.
    """
    limits = limits or Limits()
    if not os.environ.get("XLWINGS_LICENSE_KEY", "").strip():
        raise ServeError(LICENCE_MISSING)
    if any(
        importlib.util.find_spec(name) is None for name in ("xlwings_server", "uvicorn", "pebble")
    ):
        raise ServeError(EXTRA_MISSING)
    if not host.strip():
        raise ServeError("--host must not be empty")
    if not 1 <= port <= 65535:
        raise ServeError(f"--port must be between 1 and 65535, got {port}")
    if (cert is None) != (key is None):
        raise ServeError("--cert and --key go together: give both for HTTPS, or neither")
    if not 0 < limits.time_limit <= 3600:
        raise ServeError(
            f"--time-limit must be more than 0 and at most 3600 s, got {limits.time_limit:g}"
        )
    if not 1 <= limits.workers <= 64:
        raise ServeError(f"--workers must be between 1 and 64, got {limits.workers}")
    if not 1_000_000 <= limits.max_request_bytes <= 2_000_000_000:
        raise ServeError(
            f"--max-request-mb must be between 1 and 2000, got {limits.max_request_bytes / 1e6:g}"
        )
    for name in limits.allowed_hosts:
        if not name.strip() or (any(c in name for c in "/*:@ ") and not is_ipv6(name)):
            raise ServeError(
                f"--allowed-host takes a host name or address, got {printable(name)!r}"
            )
    providers = auth_providers(os.environ)
    if "custom" in providers and importlib.util.find_spec("auth") is None:
        raise ServeError(
            'XLWINGS_AUTH_PROVIDERS names "custom" but no auth/custom package of yours is '
            "importable (PYTHONPATH): xlwings Server's placeholder would accept the token "
            "'test-token'; see docs/serving.md, Authentication"
        )
    if not is_loopback(host):
        missing = []
        if cert is None:
            missing.append("--cert FILE --key FILE (HTTPS)")
        if not providers:
            missing.append(
                "XLWINGS_AUTH_PROVIDERS (authentication; see docs/serving.md, Authentication)"
            )
        if missing:
            raise ServeError(
                f"--host {printable(host)} is reachable from other machines: add "
                + " and ".join(missing)
                + ", or serve on 127.0.0.1"
            )
    if cert is not None and key is not None:
        for flag, path in (("--cert", cert), ("--key", key)):
            if not Path(path).is_file():
                raise ServeError(f"{flag}: no such file: {path}")
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
        except (ssl.SSLError, OSError) as exc:
            raise ServeError(f"cannot use {cert} with {key} for HTTPS: {exc}") from None


def is_ipv6(name: str) -> bool:
    try:
        return ipaddress.ip_address(name.strip("[]")).version == 6
    except ValueError:
        return False


def server_environment(base: Mapping[str, str]) -> dict[str, str]:
    """The environment of the server process: ``base`` with xlwings Server's settings.

    A setting already in ``base`` (``XLWINGS_ENVIRONMENT``, ``XLWINGS_HOSTNAME``,
    ``XLWINGS_CORS_ALLOW_ORIGINS``, ``XLWINGS_AUTH_PROVIDERS``, ...) is kept, except
    the two that make this roi_xl's server: the Office.js runtime and the project folder.

    Examples
    --------
    >>> env = server_environment({"XLWINGS_PROJECT_NAME": "Support ROI"})
    >>> env["XLWINGS_ON_SERVER"], env["XLWINGS_PROJECT_NAME"], env["XLWINGS_FUNCTIONS_NAMESPACE"]
    ('true', 'Support ROI', '')
    """
    env = dict(base)
    env["XLWINGS_ON_SERVER"] = "true"
    env["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    env.setdefault("XLWINGS_PROJECT_NAME", "roi_xl")
    # No namespace: =CS_ROI(...) as in the classic add-in, xlwings Lite and the workbooks.
    env.setdefault("XLWINGS_FUNCTIONS_NAMESPACE", "")
    # roi_xl has no streaming functions, so no socket.io.
    env.setdefault("XLWINGS_ENABLE_SOCKETIO", "false")
    return env


def allowed_hosts(host: str, extra: Sequence[str]) -> tuple[str, ...]:
    """The ``Host`` names requests may use: loopback names, the listening address
    itself (unless a wildcard such as 0.0.0.0) and each ``--allowed-host``.

    Examples
    --------
    >>> allowed_hosts("0.0.0.0", ["roi.example.com"])
    ('127.0.0.1', 'localhost', '::1', 'roi.example.com')
    """
    names = list(LOOPBACK_NAMES)
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    names.extend(extra)
    return tuple(dict.fromkeys(n.strip() for n in names))


def limits(
    host: str, extra_hosts: Sequence[str], max_request_mb: float, time_limit: float, workers: int
) -> Limits:
    """The command line's limits, checked.

    Raises
    ------
    ServeError
        ``--max-request-mb`` out of 1..2000 (or not a number); the others are
        checked by :func:`check`.
    """
    if not 1 <= max_request_mb <= 2000:  # also NaN
        raise ServeError(f"--max-request-mb must be between 1 and 2000, got {max_request_mb:g}")
    return Limits(
        allowed_hosts=allowed_hosts(host, extra_hosts),
        max_request_bytes=int(max_request_mb * 1_000_000),
        time_limit=time_limit,
        workers=workers,
    )


def _argv(host: str, port: int, cert: str | None, key: str | None, limits: Limits) -> list[str]:
    argv = [sys.executable, "-m", "roi_xl.excel.serve", "--host", host, "--port", str(port)]
    if cert is not None and key is not None:
        argv += ["--cert", str(Path(cert).resolve()), "--key", str(Path(key).resolve())]
    argv += ["--time-limit", repr(limits.time_limit), "--workers", str(limits.workers)]
    argv += ["--max-request-bytes", str(limits.max_request_bytes)]
    for name in limits.allowed_hosts:
        argv += ["--allowed-host", name]
    return argv


def serve(
    host: str,
    port: int,
    cert: str | None = None,
    key: str | None = None,
    limits: Limits | None = None,
) -> int:
    """Check, then run the server in a fresh interpreter until it is stopped; its exit code.

    On POSIX the process becomes the server (``exec``), so a signal sent to
    ``roi-xl serve`` reaches the server itself.
    """
    limits = limits or Limits()
    check(host, port, cert, key, limits)
    argv = _argv(host, port, cert, key, limits)
    env = server_environment(os.environ)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(sys.executable, argv, env)
    return subprocess.call(argv, env=env)  # pragma: no cover - Windows


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m roi_xl.excel.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--max-request-bytes", type=int, default=DEFAULT_MAX_REQUEST_MB * 10**6)
    parser.add_argument("--allowed-host", action="append", default=[])
    return parser.parse_args(argv)


def _run(argv: Sequence[str]) -> int:
    """The server process (``python -m roi_xl.excel.serve``), started by :func:`serve`."""
    args = _arguments(argv)
    limits = Limits(
        allowed_hosts=tuple(args.allowed_host) or allowed_hosts(args.host, ()),
        max_request_bytes=args.max_request_bytes,
        time_limit=args.time_limit,
        workers=args.workers,
    )
    try:
        check(args.host, args.port, args.cert, args.key, limits)
    except ServeError as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2
    for name, value in server_environment(os.environ).items():
        os.environ[name] = value
    import uvicorn

    from .gate import build_app

    app, pool = build_app(limits)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=args.cert,
            ssl_keyfile=args.key,
        )
    finally:
        pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(_run(sys.argv[1:]))
