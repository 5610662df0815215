"""The ``mentoringkit`` command: export a workbook, check a workbook or the curriculum, serve the modules,
open them in JupyterLab.

Exit codes: 0 all well, 1 a problem was found (bad file, broken content, failed export), 2 wrong usage.
Problems are reported on stderr in a sentence or two; a bad file never produces a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from mentoringkit.curriculum import Curriculum
    from mentoringkit.workbook import Workbook

__all__ = ["build_parser", "main"]

FORMATS = ("md", "html", "pdf", "ics", "csv", "json")
DOCUMENT_FORMATS = ("md", "html", "pdf")
DOCUMENTS = ("agreement", "plan", "agenda", "all")
SUFFIX = {"md": ".md", "html": ".html", "pdf": ".pdf", "ics": ".ics", "csv": ".csv", "json": ".json"}
DEFAULT_STEM = {"agreement": "agreement", "plan": "development-plan", "agenda": "agenda", "all": "mentoring-plan",
                "ics": "meetings", "csv": "mentoring-log", "json": "workbook"}


class Problem(Exception):
    """Something the user can fix; printed without a traceback, exit code 1."""


class UsageProblem(Problem):
    """The command line itself is wrong; exit code 2."""


def _fail(message: str) -> None:
    print(f"mentoringkit: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------
# Shared steps


def _load_workbook(path: Path) -> Workbook:
    from mentoringkit.storage import WorkbookFileError, load_workbook

    try:
        return load_workbook(path)
    except WorkbookFileError as exc:
        hint = ""
        if exc.backup is not None:
            hint = f"\n  To use the previous good copy, open or copy {exc.backup} instead."
        raise Problem(f"{exc}{hint}") from None


def _broken_text(workbook: Workbook, parts: tuple[str, ...] = ()) -> list[str]:
    """Where the workbook (or its top-level ``parts``) holds text no document can show, as
    "'/profile/name' (U+D800 at position 4)"."""
    from mentoringkit.parsing import broken_text, key_path

    return [f"'{key_path(where)}' ({char} at position {pos})"
            for where, pos, char in broken_text(workbook.to_dict()) if not parts or where[:1] in {(p,) for p in parts}]


def _refuse_broken_text(path: Path, workbook: Workbook, what: str, parts: tuple[str, ...] = ()) -> None:
    broken = _broken_text(workbook, parts)
    if broken:
        raise Problem(f"{path}: no {what} made: the text at {broken[0]} holds a broken character (a lone "
                      "surrogate) that no document can show"
                      + (f", and {len(broken) - 1} more place{'s' if len(broken) > 2 else ''}" if len(broken) > 1
                         else "")
                      + ". Retype that text on its module page; the workbook file is unchanged.")


def _load_curriculum(content_dir: Path | None) -> Curriculum:
    from mentoringkit.curriculum import ContentError, load_curriculum

    try:
        return load_curriculum(content_dir)
    except ContentError as exc:
        raise Problem(f"the curriculum cannot be used: {exc}") from None


def _write(out: Path | None, data: str | bytes, default_name: str) -> Path | None:
    """Write to ``out`` (a file, or a folder that gets ``default_name``), or to stdout when out is None."""
    if out is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return None
    target = out / default_name if out.is_dir() else out
    if not target.parent.is_dir():
        raise Problem(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8", newline="")
    except OSError as exc:
        raise Problem(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


# ---------------------------------------------------------------------------
# mentoringkit export


def _export(args: argparse.Namespace) -> int:
    from mentoringkit import exports

    fmt: str = args.format
    if args.document is not None and fmt not in DOCUMENT_FORMATS:
        raise UsageProblem(f"--document applies to {', '.join(DOCUMENT_FORMATS)}; a {fmt} export is always "
                           f"the whole {'calendar' if fmt == 'ics' else 'log' if fmt == 'csv' else 'workbook'}")
    if fmt == "pdf" and args.out is None:
        raise UsageProblem("a PDF cannot go to the terminal: give --out FILE.pdf")
    workbook = _load_workbook(args.workbook)
    document = args.document or "all"
    data: str | bytes
    if fmt in DOCUMENT_FORMATS:
        _refuse_broken_text(args.workbook, workbook, "document")
        curriculum = _load_curriculum(args.content_dir)
        html_or_md = exports.render_document(document, "md" if fmt == "md" else "html", workbook, curriculum)
        if fmt == "pdf":
            try:
                data = exports.document_pdf(html_or_md)
            except RuntimeError as exc:
                raise Problem(str(exc)) from None
        else:
            data = html_or_md
        stem = DEFAULT_STEM[document]
    elif fmt == "ics":
        _refuse_broken_text(args.workbook, workbook, "calendar", ("agreement", "profile"))
        try:
            data = exports.meetings_ics(workbook)
        except ValueError as exc:
            raise Problem(f"{args.workbook}: no calendar made from the agreement's meeting schedule: {exc}") from None
        stem = DEFAULT_STEM["ics"]
    elif fmt == "csv":
        data, stem = exports.log_csv(workbook), DEFAULT_STEM["csv"]
    else:
        data, stem = exports.workbook_json(workbook), DEFAULT_STEM["json"]
    try:
        written = _write(args.out, data, f"{args.workbook.stem}-{stem}{SUFFIX[fmt]}")
    except UnicodeEncodeError:  # a lone surrogate in a log entry (CSV) or the calendar's text
        _refuse_broken_text(args.workbook, workbook, "file", ("log",) if fmt == "csv" else ())
        raise Problem(f"{args.workbook}: no file made: some text cannot be written as UTF-8.") from None
    if written is not None:
        print(f"Wrote {written}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# mentoringkit workbook check


def _unknown_ids(workbook: Workbook, curriculum: Curriculum) -> list[str]:
    """Ids the workbook refers to that the curriculum no longer has (they show up raw in exports)."""
    known_starters = {s.id for s in curriculum.conversation_starters.starters}
    known_skills = {s.id for s in curriculum.skills.skills}
    known_roles = {r.id for r in curriculum.mentor_roles.roles}
    known_tasks = {t.id for p in curriculum.checklist.phases for t in p.tasks}
    found = []
    found += [f"agenda question {i!r}" for i in workbook.agenda if i not in known_starters]
    found += [f"mentor role {i!r}" for i in [*workbook.roles_needed, *workbook.roles_offered] if i not in known_roles]
    found += [f"checklist task {i!r}" for i in workbook.checklist if i not in known_tasks]
    for a in workbook.assessments:
        found += [f"skill {i!r} in the self-assessment of {a.taken_on}" for i in a.levels if i not in known_skills]
    return found


def _shown(text: str) -> str:
    """Text for the terminal: a broken character (a lone surrogate) shown as its escape, not a crash."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_workbook(args: argparse.Namespace) -> int:
    workbook = _load_workbook(args.file)
    broken = _broken_text(workbook)
    p = workbook.profile
    role = {"mentor": "mentor", "mentee": "mentee", "both": "mentor and mentee"}.get(p.role or "", "role not set")
    print(f"{args.file}: loads (schema {workbook.schema_version}, last saved "
          f"{workbook.updated:%Y-%m-%d %H:%M %Z}).".replace(" )", ")"))
    print(_shown(f"  Participant: {p.name or '(no name yet)'}, {role}"
                 + (f"; partner: {p.partner_name}" if p.partner_name else "")))
    counts = [(len(workbook.goals), "SMART goal", "SMART goals"),
              (len(workbook.plan), "development plan row", "development plan rows"),
              (len(workbook.log), "log entry", "log entries"),
              (len(workbook.assessments), "self-assessment", "self-assessments"),
              (sum(1 for r in workbook.reflections.values() if r.text.strip()), "reflection", "reflections"),
              (len(workbook.agenda), "agenda question", "agenda questions"),
              (len(workbook.checklist), "checklist task ticked", "checklist tasks ticked"),
              (len(workbook.evaluations), "evaluation", "evaluations")]
    print("  " + ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts) + ".")
    try:
        check_agreement = __import__("mentoringkit.agreement", fromlist=["check_agreement"]).check_agreement
    except (ImportError, AttributeError):
        print("  (Agreement completeness is not checked: this mentoringkit has no agreement rules.)")
    else:
        from mentoringkit.exports import _gap_text

        gaps = check_agreement(workbook.agreement)
        if gaps:
            print(f"  The agreement still has {len(gaps)} gap{'s' if len(gaps) != 1 else ''}:")
            for gap in gaps:
                print(_shown(f"    - {_gap_text(gap)}"))
        else:
            print("  The agreement is complete.")
    from mentoringkit.curriculum import ContentError, load_curriculum

    try:
        curriculum = load_curriculum(args.content_dir)
    except ContentError:
        print("  (References to course content are not checked: the curriculum does not load; "
              "run `mentoringkit content check`.)")
    else:
        unknown = _unknown_ids(workbook, curriculum)
        if unknown:
            print(f"  {len(unknown)} reference{'s' if len(unknown) != 1 else ''} to content the course no longer "
                  "has (kept, and shown by id in exports):")
            for item in unknown:
                print(_shown(f"    - {item}"))
    if broken:
        print(f"  {len(broken)} text{'s hold' if len(broken) != 1 else ' holds'} a broken character (a lone "
              "surrogate) that no document can show, so exports of documents will refuse; retype "
              f"{'them' if len(broken) != 1 else 'it'} on the module page:")
        for where in broken:
            print(f"    - {where}")
        return 1
    return 0


# ---------------------------------------------------------------------------
# mentoringkit content check


def _check_content(args: argparse.Namespace) -> int:
    from mentoringkit.curriculum import default_content_dir

    folder = args.dir if args.dir is not None else default_content_dir()
    cur = _load_curriculum(folder)
    course = cur.course
    print(f"{cur.root}: the curriculum loads.")
    print(f"  {course.title}: {len(course.modules)} modules, about {course.total_minutes} minutes in all, "
          f"drawing on {len(course.guides)} guides.")
    print(f"  {len(cur.conversation_starters.starters)} conversation starters, {len(cur.skills.skills)} skills, "
          f"{len(cur.mentor_roles.roles)} mentor roles, {len(cur.components.components)} components, "
          f"{sum(len(p.tasks) for p in cur.checklist.phases)} checklist tasks, {len(cur.myths.myths)} quiz statements.")
    return 0


# ---------------------------------------------------------------------------
# mentoringkit partnership export / import


def _partnership_export(args: argparse.Namespace) -> int:
    import json

    from mentoringkit.model.partnership import PartnershipError
    from mentoringkit.store.partnership import export_record

    _load_workbook(args.workbook)  # a clear message for a missing or damaged workbook
    try:
        data = export_record(args.workbook, args.role)
    except PartnershipError as exc:
        raise Problem(str(exc)) from None
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Problem(f"{args.out}: cannot write the file ({exc.strerror or exc})") from None
    print(f"Wrote the shared record of {data['partnership']} to {args.out}: the agreement, "
          f"{len(data['plan'])} plan row(s) and {len(data['log'])} log entr{'y' if len(data['log']) == 1 else 'ies'}. "
          "Nothing private is in it. Send it to your partner, who runs `mentoringkit partnership import`.")
    return 0


def _partnership_import(args: argparse.Namespace) -> int:
    from mentoringkit.model.partnership import PartnershipError
    from mentoringkit.storage import WorkbookDataError
    from mentoringkit.store.partnership import import_record

    _load_workbook(args.workbook)
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        raise UsageProblem(f"{args.file}: cannot read the file ({exc.strerror or exc})") from None
    try:
        record, notes, joined = import_record(args.workbook, raw)
    except WorkbookDataError as exc:
        raise Problem(f"{args.file}: {exc.detail} It is not a partnership file from `mentoringkit partnership "
                      "export`; nothing was imported.") from None
    except PartnershipError as exc:
        raise Problem(str(exc)) from None
    what = "Joined" if joined else "Merged"
    print(f"{what} the shared record of {record.names()}: the agreement, {len(record.plan)} plan row(s) and "
          f"{len(record.log)} log entr{'y' if len(record.log) == 1 else 'ies'} now.")
    for note in notes:
        print(f"  Both changed {note}")
    return 0


# ---------------------------------------------------------------------------
# mentoringkit shared-store create / check (the folder for pairs on a JupyterHub, docs/jupyterhub.md)


def _shared_store_create(args: argparse.Namespace) -> int:
    from mentoringkit.store.shared import SharedStoreError, create_store

    try:
        folders = create_store(args.dir, args.group)
    except SharedStoreError as exc:
        raise Problem(exc.detail) from None
    except OSError as exc:
        raise Problem(f"{args.dir}: cannot set up the folder ({exc.strerror or exc}); run this as root") from None
    for folder in folders:
        print(f"{folder}  group {args.group}, mode 2730")
    print(f"Members of {args.group} can now pair across accounts: they create and open records by their random "
          "names, and nobody but root can list the folder. Set MENTORINGKIT_SHARED_STORE to "
          f"{folders[0]} in c.Spawner.environment and restart the users' servers.")
    return 0


def _shared_store_check(args: argparse.Namespace) -> int:
    from mentoringkit.store.shared import SHARED_STORE_ENV, SharedStoreError, check_store, configured_store

    root = args.dir or configured_store()
    if root is None:
        raise UsageProblem(f"name the folder, or set {SHARED_STORE_ENV}")
    try:
        check_store(root)
    except SharedStoreError as exc:
        raise Problem(exc.detail) from None
    print(f"{root}: this account can keep pairs here (create and open files by name) and cannot list it unless "
          "it owns it.")
    return 0


# ---------------------------------------------------------------------------
# mentoringkit serve (delegated to mentoringkit.serve when it is there)


def _serve_missing(args: argparse.Namespace) -> int:
    raise Problem("`serve` is not available in this installation (mentoringkit.serve is missing); "
                  "open the notebooks in JupyterLab instead")


def _add_serve(sub: Any) -> None:
    help_text = "serve the orientation modules as web pages with Voilà"
    try:
        from mentoringkit.serve import add_arguments, run
    except ImportError:
        parser = sub.add_parser("serve", help=help_text)
        parser.set_defaults(handler=_serve_missing)
        return
    parser = sub.add_parser("serve", help=help_text, description=help_text)
    add_arguments(parser)
    parser.set_defaults(handler=run)


# ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from mentoringkit import __version__

    parser = argparse.ArgumentParser(
        prog="mentoringkit",
        description="An orientation course and self-study kit for mentoring partnerships.",
        epilog="Exit codes: 0 all well, 1 a problem was found, 2 wrong usage.")
    parser.add_argument("--version", action="version", version=f"mentoringkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    export = sub.add_parser("export", help="export a workbook as a document, calendar, CSV or JSON",
                            description="Export a participant's workbook.")
    export.add_argument("--workbook", type=Path, required=True, metavar="FILE", help="the workbook JSON file")
    export.add_argument("--format", choices=FORMATS, required=True,
                        help="md or html (printable page) or pdf (needs WeasyPrint): a document; ics: the "
                             "meetings as a calendar series; csv: the mentoring log; json: the whole workbook")
    export.add_argument("--document", choices=DOCUMENTS, default=None,
                        help="which document for md, html and pdf (default: all, the whole mentoring plan)")
    export.add_argument("--out", type=Path, default=None, metavar="PATH",
                        help="file or existing folder to write to (default: standard output)")
    export.add_argument("--content-dir", type=Path, default=None, metavar="DIR",
                        help="curriculum folder (default: $MENTORINGKIT_CONTENT, else the shipped one)")
    export.set_defaults(handler=_export)

    workbook = sub.add_parser("workbook", help="check a workbook file")
    workbook_sub = workbook.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = workbook_sub.add_parser("check", help="say whether a workbook loads and what is still missing")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument("--content-dir", type=Path, default=None, metavar="DIR")
    check.set_defaults(handler=_check_workbook)

    content = sub.add_parser("content", help="check the curriculum")
    content_sub = content.add_subparsers(dest="action", metavar="ACTION", required=True)
    content_check = content_sub.add_parser("check", help="load and validate every content file")
    content_check.add_argument("dir", type=Path, nargs="?", default=None, metavar="DIR",
                               help="content folder (default: $MENTORINGKIT_CONTENT, else the shipped one)")
    content_check.set_defaults(handler=_check_content)

    partnership = sub.add_parser("partnership", help="exchange the shared record of a pair as a file (self-study)")
    partnership_sub = partnership.add_subparsers(dest="action", metavar="ACTION", required=True)
    p_export = partnership_sub.add_parser(
        "export", help="write the shared agreement, plan and log (nothing private) to a file for your partner",
        description="Write your partnership's shared record to a file for your partner. A workbook that is not "
                    "paired yet starts a partnership.")
    p_export.add_argument("--workbook", type=Path, required=True, metavar="FILE", help="your workbook JSON file")
    p_export.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    p_export.add_argument("--role", choices=("mentor", "mentee"), default="",
                          help="your role, when the workbook is not paired yet (default: your profile's)")
    p_export.set_defaults(handler=_partnership_export)
    p_import = partnership_sub.add_parser(
        "import", help="take in your partner's file: changes merge by item, nothing of yours is overwritten",
        description="Take in the shared record your partner exported. A workbook not paired yet joins their "
                    "partnership; a paired one merges item by item and keeps its own values where both changed.")
    p_import.add_argument("--workbook", type=Path, required=True, metavar="FILE", help="your workbook JSON file")
    p_import.add_argument("--file", type=Path, required=True, metavar="FILE", help="the file your partner sent")
    p_import.set_defaults(handler=_partnership_import)

    shared = sub.add_parser("shared-store", help="the folder where pairs on a JupyterHub meet (administrators)",
                            description="Partnership records and invitations of pairs on two hub accounts live in "
                                        "one folder the hub's administrator makes (see docs/jupyterhub.md).")
    shared_sub = shared.add_subparsers(dest="action", metavar="ACTION", required=True)
    s_create = shared_sub.add_parser(
        "create", help="make (or repair) the folder: owned by root and GROUP, mode 2730 (as root)",
        description="Make the shared folder for pairs and its two subfolders, owned by root and the programme's "
                    "group, mode 2730: members create and open files by name, nobody but root lists them.")
    s_create.add_argument("dir", type=Path, metavar="DIR", help="for example /srv/mentoringkit-pairs")
    s_create.add_argument("--group", required=True, metavar="GROUP",
                          help="the Unix group of the programme's users, for example mentoringkit-pairs")
    s_create.set_defaults(handler=_shared_store_create)
    s_check = shared_sub.add_parser(
        "check", help="say whether this account can keep pairs in the folder, and what to fix if not",
        description="Run as one of the programme's users (for example with runuser -u NAME --) to see the "
                    "folder as their server does.")
    s_check.add_argument("dir", type=Path, nargs="?", default=None, metavar="DIR",
                         help="default: $MENTORINGKIT_SHARED_STORE")
    s_check.set_defaults(handler=_shared_store_check)

    _add_serve(sub)
    from mentoringkit import lab

    lab_help = "open the module notebooks in JupyterLab for self-study, saving into your own workbook"
    lab_parser = sub.add_parser("lab", help=lab_help, description=lab_help)
    lab.add_arguments(lab_parser)
    lab_parser.set_defaults(handler=lab.run)

    from mentoringkit.trainer.cli import _add_trainer_commands  # plan, cohort packets/summary, handouts

    _add_trainer_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UsageProblem as exc:
        parser.print_usage(sys.stderr)
        _fail(str(exc))
        return 2
    except Problem as exc:
        _fail(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mentoringkit export ... | head`: the reader left; not an error worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
