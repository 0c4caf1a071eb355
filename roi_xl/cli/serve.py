"""``roi-xl serve``: the CS_ functions for Excel on the web and Mac (xlwings Server)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..excel.gate import DEFAULT_MAX_REQUEST_MB, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS
from .common import command


def add_to(commands: Any) -> None:
    """Add the ``serve`` command to the sub-commands of ``roi-xl``."""
    serve = command(commands, "serve", run)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM), for HTTPS")
    serve.add_argument("--key", metavar="FILE", help="private key of --cert (PEM)")
    serve.add_argument(
        "--allowed-host",
        metavar="NAME",
        action="append",
        default=[],
        help="a Host name requests may use, besides 127.0.0.1, localhost and ::1 "
        "(repeatable; other names get 400)",
    )
    serve.add_argument(
        "--time-limit",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help=f"longest one function call may run (default: {DEFAULT_TIME_LIMIT:g})",
    )
    serve.add_argument(
        "--workers",
        metavar="N",
        type=int,
        default=DEFAULT_WORKERS,
        help=f"worker processes running calls at once (default: {DEFAULT_WORKERS})",
    )
    serve.add_argument(
        "--max-request-mb",
        metavar="MB",
        type=float,
        default=DEFAULT_MAX_REQUEST_MB,
        help=f"largest request body, in MB (default: {DEFAULT_MAX_REQUEST_MB})",
    )


def run(args: argparse.Namespace) -> int:
    """Serve the CS_ functions to Excel on the web and Mac (xlwings Server; docs/serving.md)."""
    from ..excel.serve import ServeError, limits, serve

    try:
        checked = limits(
            args.host, args.allowed_host, args.max_request_mb, args.time_limit, args.workers
        )
        return serve(args.host, args.port, args.cert, args.key, checked)
    except ServeError as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2
