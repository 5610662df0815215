"""A page reload as Voilà does it, for the widget tests: a fresh session object opening the same workbook file."""

from __future__ import annotations

import functools
from pathlib import Path

from mentoringkit.curriculum import Curriculum, load_curriculum
from mentoringkit.session import Session, open_session


@functools.cache
def _curriculum() -> Curriculum:
    return load_curriculum()


def open_page(path: Path, role: str = "mentee") -> Session:
    """The session a freshly loaded page gets for the workbook file at ``path`` (created if missing)."""
    return open_session(workbook_path=str(path), role=role, curriculum=_curriculum(), environ={})
