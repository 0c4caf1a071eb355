"""``roi-xl serve``: the CS_ functions for Excel on the web and Mac (xlwings Server)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

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


def run(args: argparse.Namespace) -> int:
    """Serve the CS_ functions to Excel on the web and on Mac (xlwings Server; see README)."""
    from ..excel.serve import ServeError, serve

    try:
        return serve(args.host, args.port, args.cert, args.key)
    except ServeError as exc:
        print(f"roi-xl: error: {exc}", file=sys.stderr)
        return 2
