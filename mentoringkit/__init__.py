"""mentoringkit: an interactive orientation curriculum and self-study kit for mentoring partnerships.

Importing the package is cheap: the curriculum, the models and the widgets load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["ContentError", "Curriculum", "__version__", "load_curriculum"]

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import ContentError, Curriculum, load_curriculum

_LAZY = {
    "ContentError": "mentoringkit.curriculum",
    "Curriculum": "mentoringkit.curriculum",
    "load_curriculum": "mentoringkit.curriculum",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mentoringkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
