import pytest

from tests.excel.server.serving import serving


@pytest.fixture(scope="session")
def server():
    """One ``roi-xl serve`` for the server tests (HTTP on 127.0.0.1)."""
    with serving() as running:
        yield running
