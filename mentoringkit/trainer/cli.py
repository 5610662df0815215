"""The trainer's commands (`plan`, `cohort packets`, `cohort summary`, `handouts`), wired into ``mentoringkit``.

Only argument parsing and calls into the trainer layer live here; heavy imports happen inside each handler.
"""

from __future__ import annotations

import argparse
import os
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
# mentoringkit cohort packets


def _packets(args: argparse.Namespace) -> int:
    from mentoringkit.storage import default_data_dir
    from mentoringkit.trainer.packets import build_packets
    from mentoringkit.trainer.roster import RosterError

    if args.jobs < 1:
        raise UsageProblem(f"--jobs must be 1 or more, got {args.jobs}")
    if not args.base_url.startswith(("http://", "https://")) or any(c.isspace() for c in args.base_url):
        raise UsageProblem(f"--base-url must be a web address such as http://room-laptop.local:8866, "
                           f"got {args.base_url!r:.80}")
    if not args.roster.is_file():
        print(f"mentoringkit: cannot read the roster {args.roster}: "
              f"{'it is a folder' if args.roster.is_dir() else 'no such file'}", file=sys.stderr)
        return 2
    _load_curriculum(args.content_dir)  # a broken curriculum is reported once here, not once per person
    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    try:
        result = build_packets(args.roster, args.out, data_dir, jobs=args.jobs, force=args.force,
                               base_url=args.base_url, content_dir=args.content_dir, pdf=not args.no_pdf)
    except RosterError as exc:
        print(f"mentoringkit: cannot read the roster {args.roster}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        raise Problem(str((exc.strerror and f"{exc.filename}: {exc.strerror}") or exc)) from None
    print(f"{len(result.built)} packet{'s' if len(result.built) != 1 else ''} built, {len(result.up_to_date)} "
          f"already up to date, {len(result.refused) + len(result.failed)} not built; in {args.out} "
          f"(workbooks in {data_dir / 'workbooks'}; packets.csv lists every code: keep it private).",
          file=sys.stderr)
    if result.paired or result.already_paired:
        print(f"{len(result.paired)} pair{'s' if len(result.paired) != 1 else ''} paired now, "
              f"{len(result.already_paired)} already paired: each pair shares one agreement, plan and log.",
              file=sys.stderr)
    for line in [*result.refused, *result.failed]:
        print(f"  not built: {line}", file=sys.stderr)
    for line in result.unpaired:
        print(f"  not paired (run again to retry): {line}", file=sys.stderr)
    if not args.no_pdf and result.built:
        import importlib.util

        if importlib.util.find_spec("weasyprint") is None:
            print("  Handouts are HTML only: PDF needs WeasyPrint (pip install weasyprint); the HTML prints from "
                  "any browser.", file=sys.stderr)
    return result.exit_code


# ---------------------------------------------------------------------------
# mentoringkit cohort summary


def _summary(args: argparse.Namespace) -> int:
    import datetime as dt

    from mentoringkit.storage import default_data_dir
    from mentoringkit.trainer.cohort import cohort_summary, load_cohort
    from mentoringkit.trainer.cohort_report import summary_html

    if args.min_group < 1:
        raise UsageProblem(f"--min-group must be 1 or more, got {args.min_group}")
    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise Problem(f"no data folder at {data_dir}: give the folder `mentoringkit serve --data-dir` uses")
    curriculum = _load_curriculum(args.content_dir)
    books, untouched, unreadable = load_cohort(data_dir)
    summary = cohort_summary(books, curriculum, min_group=args.min_group, untouched=untouched,
                             unreadable=unreadable)
    html = summary_html(summary, curriculum, cohort=args.name, when=dt.date.today())
    written = _write(args.out, html, "cohort-summary.html")
    if written is not None:
        print(f"Wrote {written}: {summary.started} of {summary.workbooks} participants have started"
              + (f"; {unreadable} workbook(s) could not be read and were left out" if unreadable else ""),
              file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# mentoringkit handouts


def _handouts(args: argparse.Namespace) -> int:
    from mentoringkit.trainer.handouts import write_handouts

    if args.out.exists() and not args.out.is_dir():
        raise UsageProblem(f"--out must be a folder; {args.out} is a file")
    curriculum = _load_curriculum(args.content_dir)
    try:
        written, note = write_handouts(args.out, curriculum, pdf=not args.no_pdf)
    except OSError as exc:
        raise Problem(f"cannot write the handouts to {args.out}: {exc.strerror or exc}") from None
    print(f"Wrote {len(written)} files to {args.out}: {', '.join(p.name for p in written)}", file=sys.stderr)
    if note:
        print(f"  No PDFs: {note}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------


def _content_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content-dir", type=Path, default=None, metavar="DIR",
                        help="curriculum folder (default: $MENTORINGKIT_CONTENT, else the shipped one)")


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
    _content_dir_option(plan)
    plan.set_defaults(handler=_plan)

    cohort = sub.add_parser("cohort", help="prepare a cohort from a roster, or summarise how it is doing")
    cohort_sub = cohort.add_subparsers(dest="action", metavar="ACTION", required=True)
    packets = cohort_sub.add_parser(
        "packets", help="a personal code, pre-filled workbook and printable handout for everyone on a roster",
        description="Read a roster CSV (columns: name, email, role, partner, programme start, length in months, "
                    "meeting cadence, organisation; see examples/sample_roster.csv) and, for each person, issue "
                    "a personal code, create their workbook in the data folder and write a handout (HTML, and "
                    "PDF when WeasyPrint is installed) and an .ics of their meetings. Exit 0: every row built; "
                    "1: some rows refused or failed (each named with its line); 2: the roster cannot be read.")
    packets.add_argument("roster", type=Path, metavar="ROSTER.csv")
    packets.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the packets")
    packets.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                         help="the data folder `mentoringkit serve --data-dir` will use (default: "
                              "$MENTORINGKIT_DATA, else your user data folder)")
    packets.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), metavar="N",
                         help="packets built at once (default: the number of CPU cores, at most 4)")
    packets.add_argument("--force", action="store_true", help="rebuild packets that are already up to date")
    packets.add_argument("--base-url", default="http://localhost:8866", metavar="URL",
                         help="the address participants open the kit at, for their personal links and QR codes "
                              "(default http://localhost:8866)")
    packets.add_argument("--no-pdf", action="store_true", help="write HTML handouts only, no PDF")
    _content_dir_option(packets)
    packets.set_defaults(handler=_packets)

    summary = cohort_sub.add_parser(
        "summary", help="how the cohort is doing: who has started, completion per module, anonymous aggregates",
        description="Counts and anonymous aggregates over every workbook in the data folder: who has started, "
                    "completion per module, skills most often rated developmental, the kinds of mentor mentees "
                    "ask for, checklist progress by phase and evaluation results. No names and no free text; no "
                    "breakdown for a group smaller than --min-group.")
    summary.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                         help="the data folder (default: $MENTORINGKIT_DATA, else your user data folder)")
    summary.add_argument("--out", type=Path, default=None, metavar="PATH",
                         help="HTML file or existing folder to write to (default: standard output)")
    summary.add_argument("--min-group", type=int, default=5, metavar="N",
                         help="the smallest group whose answers are broken down (default 5)")
    summary.add_argument("--name", default="", metavar="TEXT", help="the cohort's name, for the page title")
    _content_dir_option(summary)
    summary.set_defaults(handler=_summary)

    handouts = sub.add_parser(
        "handouts", help="write blank printable forms for people without a laptop",
        description="Blank forms drawn from the curriculum: the agreement, the 18-skill grid, the development "
                    "plan, a log sheet, the phase checklist, conversation-starter cards and role-play cards, as "
                    "HTML and (when WeasyPrint is installed) PDF.")
    handouts.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write them to")
    handouts.add_argument("--no-pdf", action="store_true", help="HTML only")
    _content_dir_option(handouts)
    handouts.set_defaults(handler=_handouts)
