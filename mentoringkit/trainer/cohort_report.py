"""The cohort summary as a printable HTML page (counts and anonymous aggregates only)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentoringkit.trainer.cohort import CohortSummary, Withheld

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum

__all__ = ["summary_html"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.tests["withheld"] = lambda value: isinstance(value, Withheld)
    return env


def summary_html(summary: CohortSummary, curriculum: Curriculum, *, cohort: str = "",
                 when: dt.date | None = None) -> str:
    title = f"Cohort summary{f': {cohort}' if cohort else ''}"
    subtitle = f"{curriculum.course.title} · breakdowns need at least {summary.min_group} people"
    return _environment().get_template("cohort_summary.html.j2").render(
        title=title, subtitle=subtitle, s=summary, levels=curriculum.skills.levels,
        when=f"{when.day} {when:%B %Y}" if when else "")
