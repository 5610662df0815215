"""The trainer's commands (`plan`, `cohort packets`, `cohort summary`, `handouts`), wired into ``mentoringkit``.

Only argument parsing and calls into the trainer layer live here; heavy imports happen inside each handler.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mentoringkit.cli import Problem, UsageProblem, _load_curriculum, _write

__all__ = ["_add_trainer_commands"]


def _format_for(out: Path | None, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    if out is not None and out.suffix.lower() in (".md", ".markdown"):
        return "md"
    return "html" if out is not None else "md"


# ---------------------------------------------------------------------------
# mentoringkit plan


def _plan(args: argparse.Namespace) -> int:
    from mentoringkit.trainer.plan_document import render_plan
    from mentoringkit.trainer.plans import MIN_MINUTES, PlanError, make_plan

    if args.minutes < MIN_MINUTES:
        raise UsageProblem(f"--minutes must be at least {MIN_MINUTES} (got {args.minutes}): a shorter session "
                           "cannot hold the must-have activities; point people to the modules for self-study")
    curriculum = _load_curriculum(args.content_dir)
    try:
        plan = make_plan(curriculum, args.minutes)
    except PlanError as exc:
        raise Problem(str(exc)) from None
    fmt = _format_for(args.out, args.format)
    written = _write(args.out, render_plan(plan, fmt), f"session-plan-{args.minutes}min.{fmt}")
    if written is not None:
        skipped = plan.skipped_module_ids
        print(f"Wrote {written}: {len(plan.module_ids)} modules in {args.minutes} minutes"
              + (f"; left out: {', '.join(skipped)}" if skipped else ""), file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------


def _add_trainer_commands(sub: Any) -> None:
    """Add the trainer's subcommands to the ``mentoringkit`` parser (called from cli.build_parser)."""
    plan = sub.add_parser(
        "plan", help="print a timed session plan with facilitator notes for a live orientation",
        description="A session plan for a live orientation of any length (30 minutes or more): which modules and "
                    "activities, minutes each, how to run them, discussion prompts, common questions, and what "
                    "is left out. Typical lengths: 45, 90 or 180 minutes.")
    plan.add_argument("--minutes", type=int, default=90, metavar="N",
                      help="length of the session in minutes, 30 or more (default 90)")
    plan.add_argument("--format", choices=("md", "html"), default=None,
                      help="md or html (default: from the --out file's suffix; html for a file, md for the terminal)")
    plan.add_argument("--out", type=Path, default=None, metavar="PATH",
                      help="file or existing folder to write to (default: standard output)")
    plan.add_argument("--content-dir", type=Path, default=None, metavar="DIR",
                      help="curriculum folder (default: $MENTORINGKIT_CONTENT, else the shipped one)")
    plan.set_defaults(handler=_plan)
