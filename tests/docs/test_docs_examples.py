"""Every ```python block in docs/*.md and README.md runs (examples in the docs are tests)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _blocks():
    for page in [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]:
        for i, code in enumerate(_BLOCK.findall(page.read_text())):
            yield pytest.param(code, id=f"{page.stem}-{i}")


@pytest.mark.parametrize("code", list(_blocks()))
def test_example_runs(code, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples may write files
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(code, "<docs>", "exec"), {"__name__": "__docs__"})
