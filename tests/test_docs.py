"""The docs site builds with ``mkdocs build --strict``, and the README stays a front page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: The README is a front page; the manual is the docs site (issue 19).
README_MAX_LINES = 200


def test_docs_site_builds_strict(tmp_path: Path) -> None:
    """A broken link, a page left out of the nav or an unresolved reference fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    # the reference is generated from the docstrings: the formula of roi is there
    assert 'id="roi_xl.core.headline.roi"' in reference
    assert "(gains - costs) / costs" in reference


def test_readme_is_a_front_page() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, len(lines)
    # the two commands come first, right under the title
    assert lines[2] == "```sh"
    assert lines[3].startswith("make demo ")
    assert lines[4].startswith("make test ")
    assert lines[5] == "```"


def test_readme_links_into_the_docs_resolve() -> None:
    """The README's relative links (read on GitHub) name files that exist."""
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?://)([^)#\s]+)(?:#[^)]*)?\)", text)
    assert any(target.startswith("docs/") and target.endswith(".md") for target in targets)
    for target in targets:
        assert (ROOT / target).exists(), target
