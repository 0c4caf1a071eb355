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
``--key``); plain HTTP serves tests on 127.0.0.1.

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
import os
import ssl
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["PROJECT_DIR", "ServeError", "check", "serve", "server_environment"]

#: The xlwings Server project folder: ``custom_functions`` imports ``roi_xl.excel.udfs``.
PROJECT_DIR = Path(__file__).resolve().parent / "server"

LICENCE_MISSING = (
    "XLWINGS_LICENSE_KEY is not set: xlwings Server needs a licence key; for non-commercial "
    "use set XLWINGS_LICENSE_KEY=noncommercial (free, PolyForm Noncommercial), for commercial "
    "use a paid key from https://www.xlwings.org/pricing"
)
EXTRA_MISSING = (
    "roi-xl serve needs the optional server part: pip install 'roi-xl[server]' "
    "(xlwings Server, free for non-commercial use only; see the README's licensing)"
)


class ServeError(Exception):
    """The server cannot start; the message is one line for the user."""


def check(host: str, port: int, cert: str | None, key: str | None) -> None:
    """Refuse, with one line, what would stop the server from starting or serving Excel.

    Raises
    ------
    ServeError
        No licence key, the ``server`` extra not installed, a port out of range,
        only one of certificate and key, or a certificate that does not load.
    """
    if not os.environ.get("XLWINGS_LICENSE_KEY", "").strip():
        raise ServeError(LICENCE_MISSING)
    if any(importlib.util.find_spec(name) is None for name in ("xlwings_server", "uvicorn")):
        raise ServeError(EXTRA_MISSING)
    if not host.strip():
        raise ServeError("--host must not be empty")
    if not 1 <= port <= 65535:
        raise ServeError(f"--port must be between 1 and 65535, got {port}")
    if (cert is None) != (key is None):
        raise ServeError("--cert and --key go together: give both for HTTPS, or neither")
    if cert is not None and key is not None:
        for flag, path in (("--cert", cert), ("--key", key)):
            if not Path(path).is_file():
                raise ServeError(f"{flag}: no such file: {path}")
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
        except (ssl.SSLError, OSError) as exc:
            raise ServeError(f"cannot use {cert} with {key} for HTTPS: {exc}") from None


def server_environment(base: Mapping[str, str]) -> dict[str, str]:
    """The environment of the server process: ``base`` with xlwings Server's settings.

    A setting already in ``base`` (``XLWINGS_ENVIRONMENT``, ``XLWINGS_HOSTNAME``,
    ``XLWINGS_CORS_ALLOW_ORIGINS``, ...) is kept, except the two that make this
    roi_xl's server: the Office.js runtime and the project folder.

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


def _argv(host: str, port: int, cert: str | None, key: str | None) -> list[str]:
    argv = [sys.executable, "-m", "roi_xl.excel.serve", "--host", host, "--port", str(port)]
    if cert is not None and key is not None:
        argv += ["--cert", str(Path(cert).resolve()), "--key", str(Path(key).resolve())]
    return argv


def serve(host: str, port: int, cert: str | None = None, key: str | None = None) -> int:
    """Check, then run the server in a fresh interpreter until it is stopped; its exit code.

    On POSIX the process becomes the server (``exec``), so a signal sent to
    ``roi-xl serve`` reaches the server itself.
    """
    check(host, port, cert, key)
    argv = _argv(host, port, cert, key)
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
    return parser.parse_args(argv)


def _run(argv: Sequence[str]) -> int:
    """The server process (``python -m roi_xl.excel.serve``), started by :func:`serve`."""
    args = _arguments(argv)
    try:
        check(args.host, args.port, args.cert, args.key)
    except ServeError as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2
    for name, value in server_environment(os.environ).items():
        os.environ[name] = value
    import uvicorn

    uvicorn.run(
        "xlwings_server.main:main_app",
        host=args.host,
        port=args.port,
        ssl_certfile=args.cert,
        ssl_keyfile=args.key,
    )
    return 0


if __name__ == "__main__":
    sys.exit(_run(sys.argv[1:]))
