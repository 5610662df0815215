"""Each module of the course as the served app builds it: read from the module's own notebook, so the notebook
(for JupyterLab, papermill and nbval) and the app show the same prose and call the same ``show_*`` functions.

A module notebook holds only: the ``parameters`` cell, imports from ``mentoringkit``, ``session =
open_session(...)``, Markdown cells (the prose between the exercises), and ``display(f(session, ...))`` cells
where ``f`` is imported from ``mentoringkit.widgets`` and every other argument is a literal. ``read_layout``
turns that into a list of parts without running anything; a cell of any other kind is an error naming the
notebook and the cell, so the app never silently leaves part of a module out. Nothing here needs a kernel.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentoringkit.session import START_MODULE

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets as widgets

    from mentoringkit.curriculum import Course
    from mentoringkit.session import Session

__all__ = [
    "START_MODULE",
    "LayoutError",
    "ModuleLayout",
    "Prose",
    "Screen",
    "module_layouts",
    "read_layout",
    "resolve_module",
]


#: Where ``display(...)`` cells may take their functions from.
_WIDGET_PACKAGE = "mentoringkit.widgets"

#: Markdown cells that only make sense in JupyterLab carry this class (the served template hides them too).
_NOTEBOOK_ONLY = "mk-notebook-only"


class LayoutError(ValueError):
    """A module notebook holds a cell the app cannot show; the message names the notebook and the cell."""


class _Session:
    """Stands for the ``session`` argument of a display cell."""

    def __repr__(self) -> str:
        return "session"


SESSION = _Session()


@dataclass(frozen=True)
class Prose:
    """A Markdown cell, as HTML."""

    html: str


@dataclass(frozen=True)
class Screen:
    """A ``display(function(session, ...))`` cell: the function's module and name, and its arguments."""

    module: str
    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    def function(self) -> Callable[..., Any]:
        return getattr(importlib.import_module(self.module), self.name)  # type: ignore[no-any-return]

    def build(self, session: Session) -> widgets.Widget:
        args = [session if a is SESSION else a for a in self.args]
        kwargs = {k: session if v is SESSION else v for k, v in self.kwargs}
        return self.function()(*args, **kwargs)


@dataclass(frozen=True)
class ModuleLayout:
    """One module: its id, the notebook it was read from, and its parts in order."""

    module_id: str
    notebook: str
    parts: tuple[Prose | Screen, ...] = field(default=())

    def build(self, session: Session) -> list[widgets.Widget]:
        """The module's widgets for ``session``, in page order (prose as HTML widgets)."""
        from mentoringkit.widgets.controls import QuietHTML, shared_look

        built = []
        with shared_look():  # one layout and style per kind for the whole module
            for part in self.parts:
                if isinstance(part, Prose):
                    prose = QuietHTML(part.html, repr_name="Prose")
                    prose.add_class("mk-prose")
                    built.append(prose)
                else:
                    built.append(part.build(session))
        return built


def _markdown_to_html(text: str) -> str:
    # mistune renders Markdown for nbconvert, which Voilà needs, so it is always installed beside the kit.
    # Raw HTML in a module's prose is escaped: the prose is text, never markup.
    import mistune

    return str(mistune.create_markdown(escape=True)(text)).strip()


def _literal(node: ast.expr, where: str) -> Any:
    if isinstance(node, ast.Name) and node.id == "session":
        return SESSION
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise LayoutError(f"{where}: an argument other than `session` is not a literal "
                          f"({ast.unparse(node)}), so the app cannot pass it.") from None


def _display_call(stmt: ast.stmt) -> ast.Call | None:
    """The inner call of ``display(f(...))``, else None."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    outer = stmt.value
    if not (isinstance(outer.func, ast.Name) and outer.func.id == "display" and len(outer.args) == 1
            and not outer.keywords and isinstance(outer.args[0], ast.Call)):
        return None
    return outer.args[0]


def _code_parts(source: str, imported: dict[str, str], where: str) -> list[Screen]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise LayoutError(f"{where}: not valid Python ({exc.msg}).") from None
    screens = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and (stmt.module or "").startswith("mentoringkit"):
            for alias in stmt.names:
                imported[alias.asname or alias.name] = f"{stmt.module}:{alias.name}"
            continue
        if (isinstance(stmt, ast.Assign) and [ast.unparse(t) for t in stmt.targets] == ["session"]
                and isinstance(stmt.value, ast.Call) and ast.unparse(stmt.value.func) == "open_session"):
            continue  # the app passes its own session
        call = _display_call(stmt)
        if call is None or not isinstance(call.func, ast.Name):
            raise LayoutError(f"{where}: the app shows only imports from mentoringkit, `session = "
                              "open_session(...)` and `display(show_...(session, ...))` cells; this one has "
                              f"`{ast.unparse(stmt)}`.")
        origin = imported.get(call.func.id, "")
        module, _, name = origin.partition(":")
        if not (module == _WIDGET_PACKAGE or module.startswith(_WIDGET_PACKAGE + ".")):
            raise LayoutError(f"{where}: `{call.func.id}` must be imported from {_WIDGET_PACKAGE} in the notebook "
                              "for the app to show it.")
        args = tuple(_literal(a, where) for a in call.args)
        kwargs = tuple((k.arg, _literal(k.value, where)) for k in call.keywords if k.arg is not None)
        if len(kwargs) != len(call.keywords):
            raise LayoutError(f"{where}: `**` arguments cannot be passed by the app.")
        screens.append(Screen(module, name, args, kwargs))
    return screens


def read_layout(path: Path, module_id: str) -> ModuleLayout:
    """The parts of the module notebook at ``path``, in order. LayoutError for a cell the app cannot show."""
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LayoutError(f"{path.name}: the module notebook cannot be read ({exc}).") from None
    imported: dict[str, str] = {}
    parts: list[Prose | Screen] = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        where = f"{path.name}, cell {number}"
        if cell.get("cell_type") == "markdown":
            if _NOTEBOOK_ONLY not in source and source.strip():
                parts.append(Prose(_markdown_to_html(source)))
        elif cell.get("cell_type") == "code" and "parameters" not in cell.get("metadata", {}).get("tags", []):
            parts.extend(_code_parts(source, imported, where))
    return ModuleLayout(module_id, path.name, tuple(parts))


@functools.lru_cache(maxsize=8)
def _layouts(notebooks: Path, modules: tuple[tuple[str, str], ...]) -> Mapping[str, ModuleLayout]:
    return {module_id: read_layout(notebooks / notebook, module_id) for module_id, notebook in modules
            if module_id != START_MODULE}


def module_layouts(course: Course, notebooks: Path | None = None) -> Mapping[str, ModuleLayout]:
    """Every module of ``course`` except the start page (the app draws that one itself), read once per kernel."""
    if notebooks is None:
        from mentoringkit.serve import notebooks_dir

        notebooks = notebooks_dir()
    return _layouts(Path(notebooks), tuple((m.id, m.notebook) for m in course.modules))


def resolve_module(course: Course, requested: str) -> tuple[str, str | None]:
    """The module to show for ``requested`` (an id from the address or a link) and, when it is not a module of
    the course, a sentence saying so (the start page is shown instead)."""
    wanted = (requested or "").strip()
    if not wanted:
        return START_MODULE, None
    if any(m.id == wanted for m in course.modules):
        return wanted, None
    shown = wanted if len(wanted) <= 60 else wanted[:57] + "…"
    return START_MODULE, (f"There is no module called “{shown}” in this course, so the start page is shown; "
                          "every module is listed below.")
