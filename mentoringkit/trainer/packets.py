"""Cohort packets: for each person on a roster, a personal code, a pre-filled workbook and a printable handout.

``build_packets`` (the trainer's command) reads the roster, issues codes (kept in the data folder so a re-run
never gives anyone a second one) and executes the packet notebook once per person with papermill, in
parallel, then pairs the partners the roster names (mentoringkit.trainer.pairing: the start page's own
invitation, issued and accepted for them). ``build_packet`` is what that notebook runs for one person: it
opens the person's workbook in a session, as their page would, fills in what is still blank and writes the
handout (HTML, PDF when WeasyPrint is there) and the .ics file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mentoringkit.storage import WorkbookStore, _write_atomic, load_or_create, make_private_dir
from mentoringkit.trainer.roster import RosterPerson, printable, read_roster
from mentoringkit.workbook import Workbook

__all__ = ["PACKET_NOTEBOOK", "CohortResult", "build_packet", "build_packets", "packet_document", "start_url"]

#: The notebook executed once per person (shipped inside the package).
PACKET_NOTEBOOK = Path(__file__).resolve().parent / "packet.ipynb"
#: Where the codes issued for a roster are kept, inside the data folder.
CODEBOOK = Path("trainer") / "roster-codes.json"
STAMP = ".packet.json"
#: No cell of the packet notebook should take this long; a hung kernel is stopped and the packet reported.
CELL_TIMEOUT = 120
START_TIMEOUT = 60
FIRST_MEETING_TIME = dt.time(10, 0)
SUGGESTED_QUESTIONS = 6
#: Raised when the handout's content changes (2: the partner section), so older packets are rebuilt once.
HANDOUT_VERSION = 2


def start_url(base_url: str, code: str) -> str:
    """The personal start-page link for a code, on the server at ``base_url``."""
    from urllib.parse import quote

    return f"{base_url.rstrip('/')}/voila/render/00_start_here.ipynb?code={quote(code)}"


def folder_name(person_name: str, key: str) -> str:
    """A file-system-safe folder for a person: an ASCII slug of the name plus a short stable tag."""
    ascii_name = unicodedata.normalize("NFKD", person_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "person"
    return f"{slug}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:6]}"


# ---------------------------------------------------------------------------
# One person (runs inside the packet notebook's kernel)


def _agreement_roles(role: str, partner_role: str | None) -> str:
    """Which side of the agreement this person signs: 'mentor' or 'mentee'."""
    if role in ("mentor", "mentee"):
        return role
    return "mentee" if partner_role == "mentor" else "mentor" if partner_role == "mentee" else "mentee"


def prefill(workbook: Workbook, *, name: str, role: str, partner: str, partner_role: str | None,
            organisation: str, programme_start: dt.date, programme_end: dt.date, interval: int, unit: str,
            occurrences: int) -> bool:
    """Fill in what the roster knows where the workbook is still blank; True when anything changed.

    Nothing the participant has typed is replaced, so rebuilding packets mid-programme is safe.
    """
    before = workbook.to_dict()
    p = workbook.profile
    p.name = p.name or name
    p.role = p.role or role  # type: ignore[assignment]
    p.partner_name = p.partner_name or partner
    p.organisation = p.organisation or organisation
    p.program_start = p.program_start or programme_start
    p.program_end = p.program_end or programme_end
    s = workbook.agreement.schedule
    if s.first_meeting is None:
        s.first_meeting = dt.datetime.combine(programme_start, FIRST_MEETING_TIME)
        s.interval, s.unit, s.occurrences = interval, unit, occurrences  # type: ignore[assignment]
    side = _agreement_roles(role, partner_role)
    mine, theirs = (workbook.agreement.mentor, workbook.agreement.mentee) if side == "mentor" else \
        (workbook.agreement.mentee, workbook.agreement.mentor)
    mine.name = mine.name or name
    theirs.name = theirs.name or partner
    return workbook.to_dict() != before


def packet_document(workbook: Workbook, code: str, link: str, curriculum: Any, partner_side: str | None = None) -> Any:
    """The handout as a document outline: welcome, code and link with QR code, partner, agreement, first-meeting
    agenda. ``partner_side`` is the partner's side of the pair (mentor or mentee) when they are paired."""
    import segno

    from mentoringkit import exports
    from mentoringkit.exports import Block, Document, Section

    p = workbook.profile
    role_words = {"mentor": "as a mentor", "mentee": "as a mentee", "both": "as a mentor and a mentee"}
    welcome = (f"Welcome, {exports.typed(p.name)}. You are taking part {role_words.get(p.role or '', '')}"
               + (f", with {exports.typed(p.partner_name)} as your partner" if p.partner_name else "") + ". "
               "This packet holds what you need for the orientation and your first meeting.")
    qr = segno.make(link, error="m").svg_data_uri(scale=4, border=2)
    sections = [
        Section("Welcome", [Block("text", text=welcome)]),
        Section("Your personal code and link", [
            Block("fields", fields=[("Personal code", code), ("Your start page", link)]),
            Block("image", text="QR code of your personal start-page link", items=[qr]),
            Block("text", text="Scan the code or type the link to open your own workbook. Keep the code to "
                               "yourself: anyone who has it, or the link, can open your workbook.")]),
        *_partner_sections(p.partner_name, partner_side),
        Section("Getting started", [Block("numbered", items=[
            "Open your start page with the link or the QR code above.",
            "Check your name, role and partner, which have been filled in for you.",
            "Work through the modules in the orientation, or on your own before your first meeting.",
            "Bring this packet to your first meeting."])]),
        Section("Your mentoring agreement", [], intro="Filled in with both names and the programme dates. "
                "Agree the rest together at one of your first meetings. The meeting time is a placeholder; "
                "the file meetings.ics adds the series to your calendar."),
        *exports._agreement_sections(workbook, curriculum, level=3),
    ]
    suggested = [s.id for s in curriculum.conversation_starters.select(phase="first-meeting")
                 if s.asked_by in ("either", "mentee" if p.role == "mentee" else "mentor")][:SUGGESTED_QUESTIONS]
    preview = replace(workbook, agenda=suggested, log=[])
    sections.append(Section("First-meeting agenda", [], intro="Questions to start with; swap any for your own."))
    sections += exports._agenda_sections(preview, curriculum, level=3)
    return Document(title="Your mentoring partnership packet", subtitle=exports._subtitle(workbook),
                    sections=sections, footer="Prepared for you with mentoringkit.")


def _partner_sections(partner: str, side: str | None) -> list[Any]:
    from mentoringkit.exports import Block, Section, typed

    if not partner or side not in ("mentor", "mentee"):
        return []
    return [Section("Your partner", [
        Block("fields", fields=[("Your partner", f"{typed(partner)} ({side})")]),
        Block("text", text=f"Your workbook is paired with {typed(partner)}'s. On the kit's pages the two of you "
                           "work on one mentoring agreement, one development plan and one mentoring log: what "
                           "either of you adds there, the other sees. Everything else you write (reflections, "
                           "your self-assessment, evaluations) stays in your own workbook.")])]


def build_packet(*, name: str, role: str, partner: str = "", partner_role: str | None = None,
                 organisation: str = "", programme_start: str, programme_end: str, interval: int, unit: str,
                 occurrences: int, code: str, data_dir: str, out_dir: str, link: str, stamp: str = "",
                 content_dir: str | None = None, pdf: bool = True) -> dict[str, Any]:
    """Create or update one person's workbook and write their handout; returns what was written."""
    from mentoringkit import exports
    from mentoringkit.curriculum import load_curriculum
    from mentoringkit.session import open_session

    curriculum = load_curriculum(content_dir)
    store = WorkbookStore(Path(data_dir) / "workbooks")
    path = store.path_for(code)
    load_or_create(path)  # a damaged workbook stops the packet here, with the reason
    # The person's own session, as their page opens it: once paired, the agreement it shows and fills in is
    # the pair's shared one, and a page the person has open meanwhile loses nothing (change-level saving).
    session = open_session(workbook_path=str(path), curriculum=curriculum, environ={})
    if session.problem:
        raise RuntimeError(session.problem)
    workbook = session.workbook
    if prefill(workbook, name=name, role=role, partner=partner, partner_role=partner_role,
               organisation=organisation, programme_start=dt.date.fromisoformat(programme_start),
               programme_end=dt.date.fromisoformat(programme_end), interval=interval, unit=unit,
               occurrences=occurrences):
        session.save()
        if not session.saved_ok or session.problem:
            raise RuntimeError(session.problem or "the workbook could not be saved")
    paired = session.partner()
    if paired is not None:
        partner_side: str | None = paired.role
        workbook.profile.partner_name = workbook.profile.partner_name or paired.name
    else:
        partner_side = ("mentee" if _agreement_roles(role, partner_role) == "mentor" else "mentor") \
            if partner else None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = exports.render_outline(packet_document(workbook, code, link, curriculum, partner_side), "html")
    written = {"handout.html": html.encode("utf-8"), "meetings.ics": exports.meetings_ics(workbook)}
    for filename, data in written.items():
        _write_atomic(data, out / filename)
    finish_packet(out, pdf=pdf, stamp=stamp)
    return {"workbook": str(path), "files": sorted(p.name for p in out.iterdir() if not p.name.startswith("."))}


# ---------------------------------------------------------------------------
# The whole roster


@dataclass
class CohortResult:
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # roster rows not built, with line and reason
    failed: list[str] = field(default_factory=list)  # rows whose packet could not be made
    paired: list[str] = field(default_factory=list)  # pairs linked by this run ("A and B")
    already_paired: list[str] = field(default_factory=list)  # pairs found linked to one record already
    unpaired: list[str] = field(default_factory=list)  # pairs whose packets are there but pairing failed, why

    @property
    def exit_code(self) -> int:
        return 1 if self.refused or self.failed or self.unpaired else 0


class CodeBook:
    """Codes issued per person (by e-mail or name), kept in the data folder so each person gets exactly one."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / CODEBOOK
        self.store = WorkbookStore(Path(data_dir) / "workbooks")
        self.prefilled: dict[str, str] = {}  # code -> when the packet last saved the workbook (ISO time)
        # mentor's key -> mentee's key for every pair a run has linked: a pair ended since stays ended.
        self.pairs: dict[str, str] = {}
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            self.codes: dict[str, str] = saved["codes"]
            self.prefilled = saved.get("prefilled", {})
            self.pairs = dict(saved.get("pairs", {}))
        except FileNotFoundError:
            self.codes = {}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OSError(f"{self.path} cannot be read ({exc}); it holds the codes already issued, so it is left "
                          "alone. Restore it, or use a fresh --data-dir") from None

    def code_for(self, key: str) -> str:
        code = self.codes.get(key)
        if code is None:
            issued = set(self.codes.values())
            code = WorkbookStore.new_code()
            while code in issued or self.store.exists(code):
                code = WorkbookStore.new_code()
            self.codes[key] = code
        return code

    def save(self) -> None:
        make_private_dir(self.path.parent)
        data = {"codes": self.codes, "prefilled": self.prefilled, "pairs": self.pairs}
        _write_atomic(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), self.path)

    def _workbook(self, code: str) -> Workbook | None:
        """This code's workbook as saved, or None when it is missing or cannot be read."""
        from mentoringkit.storage import WorkbookFileError, load_workbook

        try:
            return load_workbook(self.store.path_for(code))
        except (WorkbookFileError, ValueError):
            return None

    def untouched(self, code: str) -> bool:
        """Whether this code's workbook is missing or still as a packet left it (its owner has not saved since)."""
        workbook = self._workbook(code)
        return workbook is None or (code in self.prefilled and left_as_packet(workbook, self.prefilled[code]))

    def note_packet(self, code: str, was_untouched: bool) -> None:
        """After a packet run: remember what it left in an untouched workbook, so the cohort view can tell who has
        started since; a workbook its owner had already worked in stays counted as started."""
        workbook = self._workbook(code)
        if was_untouched and workbook is not None:
            self.prefilled[code] = packet_mark(workbook)
        else:
            self.prefilled.pop(code, None)


def packet_mark(workbook: Workbook) -> str:
    """A digest of a workbook's whole content, as a packet run left it. Times in a workbook are to the second,
    so a save by its owner within the same second as the packet would look untouched by time; by content it
    cannot (a save that changes nothing writes nothing)."""
    from mentoringkit.storage import workbook_bytes

    return "sha256:" + hashlib.sha256(workbook_bytes(workbook)).hexdigest()


def left_as_packet(workbook: Workbook, mark: str) -> bool:
    """Whether ``workbook`` is still exactly as the packet run that left ``mark`` wrote it. Code books written
    before marks were digests hold the workbook's time instead; those are compared by time."""
    if mark.startswith("sha256:"):
        return packet_mark(workbook) == mark
    return workbook.updated.isoformat() <= mark


def prefilled_times(data_dir: Path) -> dict[str, str]:
    """Code -> when its packet last saved the workbook (empty when no packets were made here)."""
    try:
        return dict(json.loads((Path(data_dir) / CODEBOOK).read_text(encoding="utf-8")).get("prefilled", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def _params(person: RosterPerson, code: str, data_dir: Path, out_dir: Path, base_url: str,
            content_dir: Path | None, pdf: bool) -> dict[str, Any]:
    from mentoringkit import __version__

    params: dict[str, Any] = {
        "name": person.name, "role": person.role, "partner": person.partner, "partner_role": person.partner_role,
        "organisation": person.organisation, "programme_start": person.programme_start.isoformat(),
        "programme_end": person.programme_end.isoformat(), "interval": person.interval, "unit": person.unit,
        "occurrences": person.occurrences, "code": code, "data_dir": str(data_dir), "out_dir": str(out_dir),
        "link": start_url(base_url, code), "content_dir": str(content_dir) if content_dir else None, "pdf": pdf,
    }
    digest = hashlib.sha256(json.dumps([params, __version__, _template_digest(), HANDOUT_VERSION],
                                       sort_keys=True).encode())
    params["stamp"] = digest.hexdigest()
    return params


def _template_digest() -> str:
    """Changes when the packet notebook changes, so packets made by an older notebook are rebuilt."""
    return hashlib.sha256(PACKET_NOTEBOOK.read_bytes()).hexdigest()[:16]


def _up_to_date(params: dict[str, Any]) -> bool:
    out = Path(params["out_dir"])
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))["stamp"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return stamp == params["stamp"] and (out / "handout.html").is_file() and \
        WorkbookStore(Path(params["data_dir"]) / "workbooks").exists(params["code"])


def _kernel_env() -> None:
    """Kernels import the same mentoringkit as this process (a checkout, not another installed copy)."""
    root = str(Path(__file__).resolve().parents[2])
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *paths])


def run_packet_notebook(params: dict[str, Any]) -> tuple[bool, str, float]:
    """Execute the packet notebook for one person; (ok, error message, seconds). Runs in a worker process."""
    import logging

    import papermill

    logging.getLogger("papermill").setLevel(logging.ERROR)
    began = time.perf_counter()
    out = Path(params["out_dir"])
    out.mkdir(parents=True, exist_ok=True)
    # The kernel's own warnings go to the packet's log file, not over the trainer's progress bar. This runs
    # in a worker process of its own, so moving its stderr touches nobody else.
    saved_stderr = os.dup(2)
    log = os.open(out / "packet.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(log, 2)
    # The notebook writes the HTML handout; this worker prints it to PDF with a WeasyPrint it loaded once
    # (about 0.7 s saved per person) and writes the up-to-date stamp only when everything is there.
    notebook_params = {**params, "pdf": False, "stamp": ""}
    try:
        papermill.execute_notebook(str(PACKET_NOTEBOOK), str(out / "packet.ipynb"), parameters=notebook_params,
                                   kernel_name="python3", progress_bar=False, log_output=False,
                                   execution_timeout=CELL_TIMEOUT, start_timeout=START_TIMEOUT, cwd=str(out))
    except Exception as exc:
        evalue = getattr(exc, "evalue", None) or str(exc)
        reason = str(evalue).strip().splitlines()[0] if str(evalue).strip() else type(exc).__name__
        if "Timeout" in type(exc).__name__ or "timed out" in reason.lower():
            reason = f"stopped after {CELL_TIMEOUT} s without finishing ({reason})"
        return False, reason[:300], time.perf_counter() - began
    finally:
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)
        os.close(log)
    try:
        finish_packet(out, pdf=params["pdf"], stamp=params["stamp"])
    except Exception as exc:
        return False, f"the PDF could not be made: {str(exc).strip()[:200] or type(exc).__name__}", \
            time.perf_counter() - began
    return True, "", time.perf_counter() - began


def finish_packet(out: Path, *, pdf: bool, stamp: str) -> None:
    """Print the handout to PDF (when asked and WeasyPrint is there) and mark the packet up to date."""
    from mentoringkit import exports

    if pdf:
        html = (out / "handout.html").read_text(encoding="utf-8")
        with contextlib.suppress(RuntimeError):  # WeasyPrint missing: the HTML prints from any browser
            _write_atomic(exports.document_pdf(html), out / "handout.pdf")
    if stamp:
        _write_atomic(json.dumps({"stamp": stamp}).encode("utf-8"), out / STAMP)


def _progress_printer(stream: Any) -> Callable[[int, int, str], None]:
    is_tty = hasattr(stream, "isatty") and stream.isatty()

    def show(done: int, total: int, what: str) -> None:
        width = 24
        filled = width * done // total if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what}"
        if is_tty:
            stream.write("\r" + line[:100].ljust(100) + ("\n" if done == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return show


def build_packets(roster: Path, out: Path, data_dir: Path, *, jobs: int = 2, force: bool = False,
                  base_url: str = "http://localhost:8866", content_dir: Path | None = None, pdf: bool = True,
                  progress: Callable[[int, int, str], None] | None = None) -> CohortResult:
    """Build every good row's packet, then pair the partners the roster names; raises RosterError (or OSError)
    when the roster cannot be read at all."""
    from mentoringkit.trainer.pairing import pair_state
    from mentoringkit.trainer.roster import RowProblem

    result_rows = read_roster(Path(roster).read_bytes())
    problems = list(result_rows.problems)
    out.mkdir(parents=True, exist_ok=True)
    codebook = CodeBook(data_dir)
    codes = {person.key: codebook.code_for(person.key) for person in result_rows.people}
    # A pair that meets a pairing made (or ended) in the app is left as it is and both rows are refused with
    # the reason, before any packet promises a partnership that will not be made.
    to_pair: list[tuple[RosterPerson, RosterPerson]] = []
    already: list[str] = []
    for mentor, mentee in result_rows.pairs():
        state = pair_state(data_dir, mentor, mentee, codes,
                           paired_before=codebook.pairs.get(mentor.key) == mentee.key)
        problems += [RowProblem(p.line, state.reasons[p.line], p.name) for p in (mentor, mentee)
                     if p.line in state.reasons]
        if state.state == "free":
            to_pair.append((mentor, mentee))
        elif state.state == "paired":
            already.append(f"{mentor.name} and {mentee.name}")
            codebook.pairs[mentor.key] = mentee.key
    refused_lines = {p.line for p in problems}
    result = CohortResult(refused=[str(p) for p in sorted(problems, key=lambda p: p.line)], already_paired=already)
    tasks = []
    for person in result_rows.people:
        if person.line in refused_lines:
            continue
        code = codes[person.key]
        params = _params(person, code, data_dir.resolve(), (out / folder_name(person.name, person.key)).resolve(),
                         base_url, content_dir.resolve() if content_dir else None, pdf)
        tasks.append((person, params))
    codebook.save()  # before any notebook runs: an interrupted run must not issue new codes next time
    _write_index(out, tasks)
    todo = []
    for person, params in tasks:
        if not force and _up_to_date(params):
            result.up_to_date.append(person.name)
        else:
            todo.append((person, params))
    # Whether each workbook is still as a packet left it, before this run's packets and pairings save it.
    untouched = {codes[person.key]: codebook.untouched(codes[person.key]) for person, _ in tasks}
    show = progress or _progress_printer(sys.stderr)
    if todo:
        _run_notebooks(todo, jobs, pdf, result, codebook, untouched, show)
    _pair_all(to_pair, codes, data_dir, content_dir, result, codebook, untouched)
    codebook.save()
    return result


def _run_notebooks(todo: list[tuple[RosterPerson, dict[str, Any]]], jobs: int, pdf: bool, result: CohortResult,
                   codebook: CodeBook, untouched: dict[str, bool], show: Callable[[int, int, str], None]) -> None:
    _kernel_env()
    done = 0
    show(0, len(todo), "starting")
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import papermill  # noqa: F401 - imported once here, so forked workers start with it loaded

    if pdf:
        with contextlib.suppress(ImportError):
            import weasyprint  # noqa: F401 - likewise

    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = {pool.submit(run_packet_notebook, params): person for person, params in todo}
        futures_params = {f: params for f, (_, params) in zip(futures, todo, strict=True)}
        for future in as_completed(futures):
            person = futures[future]
            try:
                ok, reason, _ = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed)
                ok, reason = False, f"the worker stopped: {exc}"
            done += 1
            _record(result, person, ok, reason)
            if ok:
                code = futures_params[future]["code"]
                codebook.note_packet(code, untouched[code])
            show(done, len(todo), _ascii_label(person.name))


def _pair_all(to_pair: list[tuple[RosterPerson, RosterPerson]], codes: dict[str, str], data_dir: Path,
              content_dir: Path | None, result: CohortResult, codebook: CodeBook, untouched: dict[str, bool]) -> None:
    """Pair every free pair whose two packets are there (built now or up to date)."""
    from mentoringkit.trainer.pairing import pair_people

    ready = set(result.built) | set(result.up_to_date)
    curriculum = None
    for mentor, mentee in to_pair:
        if mentor.name not in ready or mentee.name not in ready:
            missing = " and ".join(p.name for p in (mentor, mentee) if p.name not in ready)
            result.unpaired.append(f"lines {mentor.line} and {mentee.line} ({mentor.name} and {mentee.name}): "
                                   f"the packet of {missing} could not be made (see above)")
            continue
        if curriculum is None:
            from mentoringkit.curriculum import load_curriculum

            curriculum = load_curriculum(content_dir)
        m_code, e_code = codes[mentor.key], codes[mentee.key]
        try:
            pair_people(data_dir, m_code, e_code, curriculum)
        except Exception as exc:  # a damaged record, a full disk, a lock held too long: reported, the run goes on
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            result.unpaired.append(f"lines {mentor.line} and {mentee.line} ({mentor.name} and {mentee.name}): "
                                   f"{printable(detail[:300])}")
            continue
        result.paired.append(f"{mentor.name} and {mentee.name}")
        codebook.pairs[mentor.key] = mentee.key
        for code in (m_code, e_code):  # pairing saved the workbooks: still nobody has started
            codebook.note_packet(code, untouched.get(code, False))


def _ascii_label(name: str) -> str:
    """The progress line shows names, but never anything that could move the terminal's cursor."""
    return "".join(ch for ch in name if ch.isprintable())[:40]


def _record(result: CohortResult, person: RosterPerson, ok: bool, reason: str) -> None:
    if ok:
        result.built.append(person.name)
    else:
        result.failed.append(f"line {person.line} ({person.name}): the packet could not be made: {reason}")


def _write_index(out: Path, tasks: list[tuple[RosterPerson, dict[str, Any]]]) -> None:
    """packets.csv: who got which code, link and folder, for the trainer (it holds the codes: keep it safe)."""
    from mentoringkit.exports import _guard_cell

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Line", "Name", "Email", "Role", "Partner", "Code", "Personal link", "Folder"])
    for person, params in tasks:
        writer.writerow([person.line, *(_guard_cell(v) for v in (person.name, person.email, person.role,
                                                                 person.partner)),
                         params["code"], params["link"], Path(params["out_dir"]).name])
    _write_atomic(buf.getvalue().encode("utf-8"), out / "packets.csv")
