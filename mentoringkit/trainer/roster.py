"""A cohort roster (CSV) read into people with their programme dates and meeting cadence, bad rows explained.

Columns (header names are matched without regard to case, spaces, dashes or underscores):

========================  ========  ==============================================================
column                    needed    what it holds
========================  ========  ==============================================================
name                      yes       the person's name, as it should be printed (any script, any characters)
email                     no        used to recognise the same person on a later run (else the name is)
role                      yes       mentor, mentee or both
partner                   no        the name of their partner, who must be on the roster too (see below)
programme start           yes       the first day of the programme, YYYY-MM-DD (also: program start, start)
length in months          no        how long the programme runs, 1 to 60 months (default 12; also: months)
meeting cadence           no        weekly, fortnightly, monthly, or "every N weeks" / "every N months"
                                    (default monthly; also: cadence)
organisation              no        printed on the handout (also: organization)
========================  ========  ==============================================================

A bad row is refused with its line number and the reason; every good row is still returned.

Pairs: a person is in at most one pair (a partnership record holds one mentor and one mentee). Two rows
make a pair when each names the other, or when one names the other and the other leaves ``partner``
empty (that row then gets the partner filled in). A pair is one mentor and one mentee; a person whose role
is ``both`` takes the side their partner leaves free (two ``both`` rows are refused: say who mentors). The
two rows share one agreement, so they must give the same programme start, length and cadence. Where rows
disagree (A names B but B names C, two rows name the same person, two mentors, different dates), every row
in the disagreement is refused, each with its line number and the reason, and nobody in it is paired; so is
a row whose partner's row is refused for any other reason. Fix the roster and run again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["COLUMNS", "RosterError", "RosterPerson", "RosterResult", "RowProblem", "parse_cadence", "read_roster"]

Role = Literal["mentor", "mentee", "both"]
PairRole = Literal["mentor", "mentee"]

#: Canonical column -> the header spellings accepted for it (after lower-casing and dropping spaces, - and _).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "participant"),
    "email": ("email", "emailaddress", "e-mail"),
    "role": ("role",),
    "partner": ("partner", "partnername"),
    "programme_start": ("programmestart", "programstart", "start", "startdate"),
    "length_months": ("lengthinmonths", "lengthmonths", "months", "length"),
    "cadence": ("meetingcadence", "cadence", "meetings"),
    "organisation": ("organisation", "organization", "org"),
}
REQUIRED = ("name", "role", "programme_start")
DEFAULT_MONTHS = 12
DEFAULT_CADENCE = "monthly"
MAX_MEETINGS = 104  # the agreement's longest series
MAX_FIELD = 200  # characters; longer text in a name or organisation is refused, not cut


class RosterError(ValueError):
    """The roster as a whole cannot be read (not text, no header, a required column missing)."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str
    name: str = ""

    def __str__(self) -> str:
        # A name refused for holding control characters must not reach a terminal with them, nor a name
        # typed in the app that a reason quotes.
        shown = printable(self.name)
        who = f" ({shown})" if shown else ""
        return f"line {self.line}{who}: {printable(self.reason)}"


def printable(text: str) -> str:
    """Text for a terminal: anything that could move the cursor or change colours becomes '?'."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


@dataclass(frozen=True)
class RosterPerson:
    line: int
    name: str
    role: Role
    programme_start: dt.date
    programme_end: dt.date
    interval: int
    unit: Literal["week", "month"]
    occurrences: int
    email: str = ""
    partner: str = ""
    partner_role: Role | None = None
    organisation: str = ""
    #: While paired: this person's side of the pair (a ``both`` takes the side the partner leaves free).
    pair_role: PairRole | None = None
    partner_line: int = 0

    @property
    def key(self) -> str:
        """Who this is across runs: the e-mail address when given, else the name."""
        return f"email:{self.email.casefold()}" if self.email else f"name:{name_key(self.name)}"


@dataclass(frozen=True)
class RosterResult:
    people: tuple[RosterPerson, ...]
    problems: tuple[RowProblem, ...]

    def pairs(self) -> list[tuple[RosterPerson, RosterPerson]]:
        """(mentor, mentee) for every pair the roster makes, in roster order of the mentor."""
        by_line = {p.line: p for p in self.people}
        return [(p, by_line[p.partner_line]) for p in self.people if p.pair_role == "mentor" and p.partner_line]


def name_key(name: str) -> str:
    """Names compare equal whatever their Unicode form, case or spacing."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lstrip("\ufeff").casefold())


_CADENCE = re.compile(r"every\s+(\d+)\s+(week|month)s?")
_NAMED_CADENCE = {"weekly": (1, "week"), "fortnightly": (2, "week"), "biweekly": (2, "week"),
                  "every other week": (2, "week"), "monthly": (1, "month"), "bimonthly": (2, "month"),
                  "quarterly": (3, "month")}


def parse_cadence(text: str) -> tuple[int, Literal["week", "month"]]:
    """'monthly' -> (1, 'month'), 'every 3 weeks' -> (3, 'week'); ValueError otherwise."""
    cleaned = " ".join(text.strip().lower().split()) or DEFAULT_CADENCE
    if cleaned in _NAMED_CADENCE:
        n, unit = _NAMED_CADENCE[cleaned]
        return n, "week" if unit == "week" else "month"
    m = _CADENCE.fullmatch(cleaned)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1)), "week" if m.group(2) == "week" else "month"
    raise ValueError(f"meeting cadence {text.strip()!r:.40} is not one the kit knows (use weekly, fortnightly, "
                     "monthly, or 'every N weeks' / 'every N months' with N from 1 to 12)")


def _add_months(d: dt.date, months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return d + relativedelta(months=months)


def _occurrences(start: dt.date, end: dt.date, interval: int, unit: str) -> int:
    """How many meetings of the series fall within the programme (at least one, at most MAX_MEETINGS)."""
    count = 0
    while count < MAX_MEETINGS:
        step = count * interval
        when = start + dt.timedelta(weeks=step) if unit == "week" else _add_months(start, step)
        if when > end:
            break
        count += 1
    return max(1, count)


def read_roster(data: bytes | str) -> RosterResult:
    """Read a roster CSV; raises RosterError only when the file as a whole cannot be used."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RosterError(f"the roster is not UTF-8 text (bad byte at offset {exc.start}); save it from your "
                              "spreadsheet as 'CSV UTF-8'") from None
    else:
        text = data.lstrip("\ufeff")
    if not text.strip():
        raise RosterError("the roster is empty; it needs a header row and one row per person")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise RosterError(f"the roster's header row cannot be read as CSV: {exc}") from None
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for canonical, spellings in COLUMNS.items():
            if key in spellings and canonical not in columns:
                columns[canonical] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise RosterError(f"the roster has no {', '.join(repr(m.replace('_', ' ')) for m in missing)} column "
                          f"(its header row is: {', '.join(h.strip() for h in header)[:200]}); "
                          f"needed columns: {', '.join(c.replace('_', ' ') for c in REQUIRED)}")

    rows: list[tuple[int, dict[str, str]]] = []
    line = 2
    while True:
        start_line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RosterError(f"line {start_line}: the CSV cannot be read from here on ({exc})") from None
        line = start_line
        if not any(cell.strip() for cell in record):
            continue
        rows.append((line, {c: (record[i].strip() if i < len(record) else "") for c, i in columns.items()}))

    problems: list[RowProblem] = []
    people: list[RosterPerson] = []
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    roster_names: dict[str, dict[str, str]] = {}
    for _, r in rows:
        if r.get("name"):
            roster_names.setdefault(name_key(r["name"]), r)  # a duplicate further down does not replace the first
    first_lines: dict[str, int] = {}
    for line, r in rows:
        if r.get("name"):
            first_lines.setdefault(name_key(r["name"]), line)
    for line, row in rows:
        name = unicodedata.normalize("NFC", row["name"])
        try:
            person = _person(line, row, name, roster_names)
        except ValueError as exc:
            problems.append(RowProblem(line, str(exc), name))
            continue
        key = name_key(name)
        if key in seen_names:
            problems.append(RowProblem(line, f"the same name as line {seen_names[key]}; each person once, "
                                             "please (add a middle initial to tell two people apart)", name))
            continue
        if person.email and person.email.casefold() in seen_emails:
            problems.append(RowProblem(line, f"the same e-mail address as line "
                                             f"{seen_emails[person.email.casefold()]}", name))
            continue
        seen_names[key] = line
        if person.email:
            seen_emails[person.email.casefold()] = line
        people.append(person)
    people, problems = _pair_up(people, problems, first_lines)
    return RosterResult(tuple(people), tuple(sorted(problems, key=lambda p: p.line)))


def _pair_up(people: list[RosterPerson], problems: list[RowProblem], first_lines: dict[str, int]
             ) -> tuple[list[RosterPerson], list[RowProblem]]:
    """Match partners into pairs (see the module's docstring); rows that disagree become problems."""
    by_key = {name_key(p.name): p for p in people}
    named_by: dict[str, list[RosterPerson]] = {}
    for p in people:
        if p.partner:
            named_by.setdefault(name_key(p.partner), []).append(p)
    refused: dict[int, str] = {}

    def partner_of(p: RosterPerson) -> RosterPerson | None:
        """Who p pairs with: whom they name, else the one person naming them."""
        if p.partner:
            return by_key.get(name_key(p.partner))
        namers = named_by.get(name_key(p.name), [])
        return namers[0] if len(namers) == 1 else None

    def lines(rows: list[RosterPerson]) -> str:
        numbers = [str(r.line) for r in rows]
        return ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]

    for p in people:
        namers = named_by.get(name_key(p.name), [])
        q = by_key.get(name_key(p.partner)) if p.partner else None
        if p.partner and q is None:
            line = first_lines.get(name_key(p.partner), 0)
            refused[p.line] = (f"their partner {p.partner} (line {line}) is refused (see that line), so neither "
                               "is paired; fix that row and run again")
        elif len(namers) > 1:
            refused[p.line] = (f"named as partner on lines {lines(namers)}; a person can be in one pair only, so "
                               "nobody is paired with them until the roster says which")
        elif namers and p.partner and name_key(p.partner) != name_key(namers[0].name):
            refused[p.line] = (f"named as partner on line {namers[0].line}, but names {p.partner} as theirs; a "
                               "person can be in one pair only, so neither is paired")
        elif q is not None and q.partner and name_key(q.partner) != name_key(p.name):
            refused[p.line] = (f"names {q.name} (line {q.line}) as partner, but line {q.line} names "
                               f"{q.partner}; the two rows must name each other (or one leave it empty), so "
                               "neither is paired")
        elif q is not None and len(named_by.get(name_key(q.name), [])) > 1:
            others = [r for r in named_by[name_key(q.name)] if r is not p]
            refused[p.line] = (f"names {q.name} (line {q.line}) as partner, and so does line {lines(others)}; a "
                               "person can be in one pair only, so neither is paired")
    # A row whose partner is refused is refused too: half a pair is never built.
    changed = True
    while changed:
        changed = False
        for p in people:
            q = partner_of(p)
            if p.line not in refused and q is not None and q.line in refused:
                refused[p.line] = (f"their partner {q.name} (line {q.line}) is refused (see that line), so "
                                   "neither is paired; fix that row and run again")
                changed = True
    # The pairs left: one mentor and one mentee, on one programme.
    for p in people:
        q = partner_of(p)
        if q is None or p.line in refused or p.line > q.line:
            continue
        reason = _pair_problem(p, q)
        if reason:
            refused[p.line] = reason.format(other=q.name, line=q.line)
            refused[q.line] = reason.format(other=p.name, line=p.line)
    kept: list[RosterPerson] = []
    for p in people:
        if p.line in refused:
            problems.append(RowProblem(p.line, refused[p.line], p.name))
            continue
        q = partner_of(p)
        if q is not None:
            side = _pair_side(p.role, q.role)
            p = replace(p, partner=q.name, partner_role=q.role, pair_role=side, partner_line=q.line)
        kept.append(p)
    return kept, problems


def _pair_side(role: str, partner_role: str) -> PairRole:
    if role in ("mentor", "mentee"):
        return role  # type: ignore[return-value]
    return "mentee" if partner_role == "mentor" else "mentor"


def _pair_problem(p: RosterPerson, q: RosterPerson) -> str:
    """Why two rows that name each other cannot be a pair ('' when they can); {other} and {line} name the
    partner's row."""
    if p.role == q.role == "both":
        return ("both this row and their partner {other} (line {line}) have the role 'both'; a pair is one "
                "mentor and one mentee, so write mentor or mentee on one of the two rows")
    if p.role == q.role:
        return (f"this row and their partner {{other}} (line {{line}}) are both {p.role}s; a pair is one mentor "
                "and one mentee")
    if (p.programme_start, p.programme_end, p.interval, p.unit) != \
            (q.programme_start, q.programme_end, q.interval, q.unit):
        return ("this row and their partner {other} (line {line}) give a different programme start, length or "
                "meeting cadence; a pair shares one agreement and one meeting series, so make them the same")
    return ""


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _person(line: int, row: dict[str, str], name: str, roster: dict[str, dict[str, str]]) -> RosterPerson:
    if not name:
        raise ValueError("no name; every person needs one")
    for column in ("name", "partner", "organisation", "email"):
        value = row.get(column, "")
        if len(value) > MAX_FIELD:
            raise ValueError(f"the {column} is {len(value)} characters long; {MAX_FIELD} at most")
        if _CONTROL.search(value):
            raise ValueError(f"the {column} holds control characters (a stray tab or line break?)")
    role = row["role"].strip().lower()
    if role not in ("mentor", "mentee", "both"):
        raise ValueError(f"unknown role {row['role']!r:.30}; use mentor, mentee or both" if role
                         else "no role; use mentor, mentee or both")
    email = row.get("email", "")
    if email and not _EMAIL.fullmatch(email):
        raise ValueError(f"{email!r:.60} is not an e-mail address")
    raw_start = row["programme_start"]
    try:
        start = dt.date.fromisoformat(raw_start)
    except ValueError:
        raise ValueError(f"programme start {raw_start!r:.30} is not a date; use YYYY-MM-DD, e.g. 2027-01-18"
                         if raw_start else "no programme start date; use YYYY-MM-DD") from None
    raw_months = row.get("length_months", "")
    try:
        months = int(raw_months) if raw_months else DEFAULT_MONTHS
    except ValueError:
        raise ValueError(f"length in months {raw_months!r:.20} is not a whole number") from None
    if not 1 <= months <= 60:
        raise ValueError(f"length in months must be from 1 to 60, got {months}")
    interval, unit = parse_cadence(row.get("cadence", ""))
    end = _add_months(start, months) - dt.timedelta(days=1)
    partner = unicodedata.normalize("NFC", row.get("partner", ""))
    partner_role: Role | None = None
    if partner:
        partner_row = roster.get(name_key(partner))
        if partner_row is None:
            raise ValueError(f"partner {partner!r:.60} is not on the roster (check the spelling, or add them)")
        if name_key(partner) == name_key(name):
            raise ValueError("a person cannot be their own partner")
        partner = unicodedata.normalize("NFC", partner_row["name"])
        other = partner_row["role"].strip().lower()
        partner_role = other if other in ("mentor", "mentee", "both") else None  # type: ignore[assignment]
    return RosterPerson(line=line, name=name, role=role,  # type: ignore[arg-type]
                        programme_start=start, programme_end=end, interval=interval, unit=unit,
                        occurrences=_occurrences(start, end, interval, unit), email=email, partner=partner,
                        partner_role=partner_role, organisation=row.get("organisation", ""))
