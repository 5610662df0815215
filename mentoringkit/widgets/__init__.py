"""The kit's widgets: thin views over the workbook, one module per screen or family of controls.

Names are loaded on first use so that importing this package does not import ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> submodule of mentoringkit.widgets that defines it
_LAZY: dict[str, str] = {
    "Field": "controls",
    "PAGE_STYLE": "controls",
    "button_layout": "controls",
    "download_link": "controls",
    "html_list": "controls",
    "points_html": "controls",
    "single_choice": "controls",
    "status": "controls",
    "module_header": "module_page",
    "module_footer": "module_page",
    "progress_overview": "module_page",
    "RolePicker": "role_picker",
    "show_role_picker": "role_picker",
    "Landing": "landing",
    "show_landing": "landing",
    "show_trainer_page": "trainer",
    "show_projector_page": "trainer",
    # one show_* per module screen, so a notebook cell needs only ``from mentoringkit.widgets import …``
    "show_about": "about",
    "show_agreement": "agreement",
    "show_boundaries": "boundaries",
    "show_closure": "closure",
    "show_components": "components",
    "show_conversation_starters": "conversation_starters",
    "show_development_plan": "development_plan",
    "show_ending_signs": "closure",
    "show_evaluation": "evaluation",
    "show_exercise": "exercises",
    "show_first_meeting": "first_meeting",
    "show_boundaries_page": "sections",
    "show_ending_page": "sections",
    "show_goals_page": "sections",
    "show_progress_page": "sections",
    "show_roles_page": "sections",
    "show_what_is_mentoring_page": "sections",
    "show_mentor_roles": "mentor_roles",
    "show_mentoring_log": "mentoring_log",
    "show_mentoring_plan_download": "closure",
    "show_myths_quiz": "myths_quiz",
    "show_people": "people",
    "show_phase_checklist": "phase_checklist",
    "show_self_assessment": "self_assessment",
    "show_smart_goal": "smart_goal",
    "show_working_together": "working_together",
}

__all__ = sorted(_LAZY)


def _guard_page_kernel() -> None:
    """In a Voilà page kernel, failures never send a traceback to the browser (see app/kernel_guard.py).

    Done here, on the first widget name a page imports (which loads ipywidgets anyway), because every module
    page gets its widgets from this package before any widget exists.
    """
    global _guarded
    _guarded = True
    from mentoringkit.session import in_voila

    if in_voila():
        from mentoringkit.app.kernel_guard import keep_tracebacks_off_the_page

        keep_tracebacks_off_the_page()


_guarded = False


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mentoringkit.widgets' has no attribute {name!r}")
    if not _guarded:
        _guard_page_kernel()
    value = getattr(importlib.import_module(f"mentoringkit.widgets.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
