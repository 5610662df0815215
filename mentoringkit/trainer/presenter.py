"""Where a live session is: the plan's length, the current segment and when it started, shared through a
small state file in the data folder so the presenter's page drives the projector's page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from mentoringkit.trainer.plans import Segment, SessionPlan

__all__ = ["PresenterState", "load_state", "move", "partner_seconds_left", "restart_timer", "save_state",
           "seconds_left", "start_partner_timer", "state_path"]

DEFAULT_MINUTES = 90


@dataclass(frozen=True)
class PresenterState:
    minutes: int = DEFAULT_MINUTES  # which plan
    index: int = 0  # the current segment
    started: str = ""  # when the current segment started (ISO time, UTC); empty: timer not running
    partner_until: str = ""  # when a "turn to your partner" countdown ends (ISO time, UTC); empty: none


def state_path(data_dir: Path | None = None) -> Path:
    from mentoringkit.storage import default_data_dir

    return (Path(data_dir) if data_dir is not None else default_data_dir()) / "trainer" / "presenter.json"


def load_state(data_dir: Path | None = None) -> PresenterState:
    """The saved state, or a fresh one when there is none or it cannot be read."""
    try:
        data = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
        state = PresenterState(minutes=int(data["minutes"]), index=int(data["index"]), started=str(data["started"]),
                               partner_until=str(data.get("partner_until", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return PresenterState()
    return state if state.minutes >= 30 and state.index >= 0 else PresenterState()


def save_state(state: PresenterState, data_dir: Path | None = None) -> None:
    from mentoringkit.storage import _write_atomic, make_private_dir

    path = state_path(data_dir)
    make_private_dir(path.parent)
    _write_atomic(json.dumps(asdict(state)).encode("utf-8"), path)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def move(state: PresenterState, plan: SessionPlan, step: int, now: dt.datetime | None = None) -> PresenterState:
    """Next (+1) or previous (-1) segment, kept within the plan; the timer restarts for the new segment."""
    index = max(0, min(len(plan.segments) - 1, state.index + step))
    return PresenterState(plan.minutes, index, (now or _now()).isoformat())


def restart_timer(state: PresenterState, now: dt.datetime | None = None) -> PresenterState:
    return PresenterState(state.minutes, state.index, (now or _now()).isoformat(), state.partner_until)


def start_partner_timer(state: PresenterState, minutes: int, now: dt.datetime | None = None) -> PresenterState:
    """A "turn to your partner" countdown of ``minutes`` (1 to 30) on top of the current segment."""
    if not 1 <= minutes <= 30:
        raise ValueError(f"a partner countdown lasts 1 to 30 minutes, not {minutes}")
    end = (now or _now()) + dt.timedelta(minutes=minutes)
    return PresenterState(state.minutes, state.index, state.started, end.isoformat())


def partner_seconds_left(state: PresenterState, now: dt.datetime | None = None) -> int | None:
    """Seconds left of the partner countdown; None when there is none (or it ended over a minute ago)."""
    if not state.partner_until:
        return None
    try:
        left = round((dt.datetime.fromisoformat(state.partner_until) - (now or _now())).total_seconds())
    except ValueError:
        return None
    return left if left > -60 else None


def current(state: PresenterState, plan: SessionPlan) -> Segment:
    return plan.segments[min(state.index, len(plan.segments) - 1)]


def following(state: PresenterState, plan: SessionPlan) -> Segment | None:
    return plan.segments[state.index + 1] if state.index + 1 < len(plan.segments) else None


def seconds_left(state: PresenterState, plan: SessionPlan, now: dt.datetime | None = None) -> int | None:
    """Seconds left in the current segment (negative when over time); None before the timer starts."""
    if not state.started:
        return None
    try:
        began = dt.datetime.fromisoformat(state.started)
    except ValueError:
        return None
    elapsed = ((now or _now()) - began).total_seconds()
    return round(current(state, plan).minutes * 60 - elapsed)


def clock_text(seconds: int | None) -> str:
    """'7:05 left', '1:30 over', or 'not started'."""
    if seconds is None:
        return "not started"
    m, s = divmod(abs(seconds), 60)
    return f"{m}:{s:02d} {'left' if seconds >= 0 else 'over'}"
