"""``mentoringkit serve``: the orientation modules as web pages (Voilà), for a room or for one person.

Voilà runs in its own process on the packaged notebooks; code cells stay hidden, tracebacks are not
sent to browsers, and kernels of pages left idle are shut down so a long session does not fill memory.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mentoringkit.app.admission import (
    DEFAULT_MAX_PER_ADDRESS,
    PARTICIPANTS_PER_CORE,
    Caps,
    default_max_participants,
    read_meminfo,
    usable_cores,
)
from mentoringkit.app.voila_admission import admission_arguments

__all__ = [
    "DEFAULT_PORT",
    "LANDING_NOTEBOOK",
    "TEMPLATE",
    "FirstVisit",
    "add_arguments",
    "first_visit",
    "has_python_kernel",
    "jupyter_data_dir",
    "landing_url",
    "notebooks_dir",
    "room_caps",
    "run",
    "stop_process",
    "voila_command",
    "voila_environment",
    "with_template_path",
]

DEFAULT_PORT = 8866
#: How long Voilà waits for a cell's output after its reply (see voila_command).
IOPUB_WAIT_SECONDS = 90
LANDING_NOTEBOOK = "00_start_here.ipynb"
# A static file Voilà serves without starting a kernel: fetching it tells us the server is up.
_HEALTH_PATH = "/voila/templates/lab/static/voila.js"
#: Voilà's preheat deny-list entry that keeps ready kernels for the start page only: a regular expression that
#: Voilà 0.5 matches against each notebook's full path, matching every notebook but the start page.
READY_ONLY_THE_START_PAGE = rf"^(?!(.*[/\\])?{re.escape(LANDING_NOTEBOOK)}$)"
#: The page frame: Voilà's lab template plus landmarks, named radio groups and readable type (see the template).
TEMPLATE = "mentoringkit"


def notebooks_dir() -> Path:
    """The module notebooks: inside an installed wheel, else the checkout's notebooks/ folder."""
    here = Path(__file__).resolve().parent
    shipped = here / "notebooks"
    if (shipped / LANDING_NOTEBOOK).is_file():
        return shipped
    return here.parent / "notebooks"


def jupyter_data_dir() -> Path:
    """The Jupyter data folder shipped in the package; it holds the ``mentoringkit`` Voilà template."""
    return Path(__file__).resolve().parent / "share" / "jupyter"


def with_template_path(base: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``base`` with the kit's Jupyter data folder (its Voilà template) first on ``JUPYTER_PATH``."""
    env = dict(base)
    # First on the path, so our template is found whatever else is installed; the rest stays as it was.
    shipped = str(jupyter_data_dir())
    rest = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != shipped]
    env["JUPYTER_PATH"] = os.pathsep.join([shipped, *rest])
    return env


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``mentoringkit serve``."""
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to serve on (default {DEFAULT_PORT})")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; use 0.0.0.0 to let "
                             "other computers on a network you trust connect, see docs/privacy.md)")
    parser.add_argument("--no-browser", action="store_true",
                        help="print the address instead of opening it in a browser")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder for participants' workbooks (default: $MENTORINGKIT_DATA, else your "
                             "per-user data folder); use a fresh folder per cohort to keep cohorts apart")
    parser.add_argument("--content-dir", type=Path, default=None,
                        help="your own copy of the curriculum (default: $MENTORINGKIT_CONTENT, else the shipped one)")
    parser.add_argument("--cull-idle-minutes", type=float, default=20,
                        help="shut down a page's kernel once its browser tab has been closed and it has been "
                             "idle this long (default 20; 0 keeps kernels until the server stops)")
    parser.add_argument("--ready-kernels", type=int, default=1, metavar="N",
                        help="Python kernels kept started for the start page, with the curriculum and every "
                             "module already loaded, so a participant's page opens without that wait (default 1; "
                             "each takes about 90 MiB of memory; 0 starts a kernel per visit instead). Moving "
                             "between modules happens inside that page and needs no new kernel")
    parser.add_argument("--max-participants", type=int, default=None, metavar="N",
                        help="participants' pages (each a Python kernel) open at once; past it a page says the "
                             "room is full and asks again by itself (default: what this computer's free memory "
                             f"holds, and no more than {PARTICIPANTS_PER_CORE} per CPU core; printed at start)")
    parser.add_argument("--max-per-address", type=int, default=DEFAULT_MAX_PER_ADDRESS, metavar="N",
                        help=f"pages one device (network address) may hold open at once (default "
                             f"{DEFAULT_MAX_PER_ADDRESS}; raise it when several people share one address; 0: no limit)")
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                        help="the address of your own reverse proxy: requests from it are counted under the "
                             "address it names in X-Forwarded-For (default: none; the header is ignored)")


def room_caps(args: argparse.Namespace, notebooks: Path | None = None) -> tuple[Caps, str]:
    """The room's caps for these options, and where the participant cap came from (a sentence)."""
    places = getattr(args, "max_participants", None)
    if places is not None:
        source = "set with --max-participants"
    else:
        # Only the start page keeps ready kernels (see voila_command).
        places, why = default_max_participants(read_meminfo(), max(0, getattr(args, "ready_kernels", 0)),
                                               cores=usable_cores())
        source = f"from this computer: {why}; --max-participants sets it"
    return Caps(places, getattr(args, "max_per_address", DEFAULT_MAX_PER_ADDRESS)), source


def landing_url(args: argparse.Namespace) -> str:
    """The address of the start page."""
    host = "127.0.0.1" if args.ip in ("0.0.0.0", "", "::") else args.ip  # noqa: S104 - comparing, not binding
    return f"http://{host}:{args.port}/voila/render/{LANDING_NOTEBOOK}"


#: The page request's Accept-Language header reaches the page's kernel (as HTTP_ACCEPT_LANGUAGE), so a date field
#: reads 03/04/2027 as the participant's browser language writes dates when course.yml sets no date_order.
BROWSER_LANGUAGE_HEADER = "--VoilaConfiguration.http_header_envs=Accept-Language"


def voila_command(args: argparse.Namespace, notebooks: Path, python: str = sys.executable) -> list[str]:
    """The Voilà command line for these options (no shell involved)."""
    cmd = [
        # Voilà itself, started through the kit so closed pages can shut their kernels down (see voila_main).
        python, "-m", "mentoringkit.app.voila_main", str(notebooks),
        "--no-browser",  # we open the start page ourselves once the server answers
        f"--port={args.port}",
        f"--Voila.ip={args.ip}",
        "--Voila.port_retries=0",  # a busy port is an error, not a silent move to another address
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--template={TEMPLATE}",  # found through JUPYTER_PATH, see voila_environment()
        BROWSER_LANGUAGE_HEADER,
        # After a cell's reply Voilà waits only 4 s (nbclient's default) for the cell's output; on a busy
        # machine (a room opening pages at once) the output came later, Voilà moved on without it and the page
        # never drew its widgets. The wait ends as soon as the kernel says it is idle, so a longer limit costs
        # nothing on a quiet machine; a dead kernel is noticed separately.
        f"--VoilaExecutor.iopub_timeout={IOPUB_WAIT_SECONDS}",
    ]
    if getattr(args, "ready_kernels", 0) > 0:
        # Voilà runs each page's notebook in a pooled kernel until open_session() waits for the request
        # (session.request_query), so imports and the curriculum are ready before anyone asks. Each kernel
        # serves one visit only, so participants never share one.
        # Voilà replaces a used kernel after 1 s (fill_delay). A longer delay would spare the page being drawn
        # the replacement's start-up, but the next visitor in that window would wait for the whole delay.
        cmd += ["--preheat_kernel=True", f"--pool_size={args.ready_kernels}"]
        # Only the start page is kept ready: it is the app every module opens in (mentoringkit.app.navigation).
        # The module notebooks' own addresses still work as single pages, started when asked for.
        cmd += [f"--VoilaKernelManager.preheat_denylist={READY_ONLY_THE_START_PAGE}"]
    # Admission (app/voila_admission.py): the caps, and whose X-Forwarded-For may be believed.
    cmd += admission_arguments(room_caps(args, notebooks)[0], getattr(args, "trusted_proxy", []))
    if args.cull_idle_minutes > 0:
        seconds = round(args.cull_idle_minutes * 60)
        cmd += [
            # A closed page shuts its kernel down at once (voila_main); kernels whose page vanished without
            # saying so (a crashed browser, a lost network) are culled. Only kernels with no open tab are
            # culled: a participant who pauses keeps their page.
            f"--MappingKernelManager.cull_idle_timeout={seconds}",
            f"--MappingKernelManager.cull_interval={max(10, min(60, seconds // 4))}",
            "--MappingKernelManager.cull_connected=False",
        ]
    return cmd


def voila_environment(args: argparse.Namespace, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà and, through it, every page's kernel."""
    env = with_template_path(os.environ if base is None else base)
    if args.data_dir is not None:
        env["MENTORINGKIT_DATA"] = str(Path(args.data_dir).expanduser().resolve())
    if args.content_dir is not None:
        env["MENTORINGKIT_CONTENT"] = str(Path(args.content_dir).expanduser().resolve())
    if getattr(args, "ready_kernels", 0) > 0 and args.ip not in ("127.0.0.1", "0.0.0.0", "", "::"):  # noqa: S104
        # A ready kernel fetches its page request from the server at 127.0.0.1 unless told otherwise, which a
        # server bound to one other address would not answer.
        env["VOILA_APP_IP"] = f"[{args.ip}]" if ":" in args.ip else args.ip
    return env


def _port_is_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as Tornado does; otherwise a just-stopped server's TIME_WAIT looks busy
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + _HEALTH_PATH, timeout=2) as response:  # noqa: S310 - our own URL
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    return False


@dataclass
class FirstVisit:
    """What requesting the start page once, as a visitor's browser does, showed."""

    problem: str | None  # None: the page rendered with its widgets; else why not, in a sentence
    kernel_id: str | None = None  # the kernel that ran the page, when one did
    kernel_shut_down: bool = False


_KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
_NO_KERNEL = ("No Jupyter kernel for Python is installed, so no page can run. Install one into the Python "
              "that runs mentoringkit: {python} -m pip install ipykernel")


def has_python_kernel(env: dict[str, str] | None = None) -> bool:
    """Whether Jupyter finds a kernel for Python where Voilà looks (``env``: Voilà's environment)."""
    probe = ("import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n"
             "specs = KernelSpecManager().get_all_specs().values()\n"
             "sys.exit(0 if any(s['spec'].get('language', '').lower() == 'python' for s in specs) else 3)\n")
    try:
        return subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: do not send anyone to install what they may have


def first_visit(base: str, timeout: float = 180, env: dict[str, str] | None = None) -> FirstVisit:
    """Request the start page over HTTP (a kernel runs it), check that it rendered, then shut that kernel down.

    The shutdown goes through Voilà's own API with the xsrf token of a cookie the server set, never by turning
    the check off. A page that rendered counts even if the shutdown fails (idle kernels are culled anyway).
    ``env`` is Voilà's environment, used to tell a missing Python kernel from other failures.
    """
    import http.cookiejar

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        with opener.open(base + f"/voila/render/{LANDING_NOTEBOOK}", timeout=timeout) as response:
            page = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        if exc.code == 500 and not has_python_kernel(env):
            return FirstVisit(_NO_KERNEL.format(python=Path(sys.executable).name))
        return FirstVisit(f"the start page could not be shown (HTTP {exc.code} {exc.reason}); see the "
                          "messages above.")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return FirstVisit(f"the start page did not arrive ({reason}); see the messages above.")
    if 'id="mk-page-error"' in page:  # failed after the "preparing" notice went out (app/voila_admission.py)
        if not has_python_kernel(env):
            return FirstVisit(_NO_KERNEL.format(python=Path(sys.executable).name))
        return FirstVisit("the start page could not be prepared on the server; see the messages above.")
    found = _KERNEL_ID.search(page)
    visit = FirstVisit(None, found.group(1) if found else None)
    if "There was an error when executing cell" in page:
        visit.problem = "the start page stopped with an error while it was prepared; see the messages above."
    elif "application/vnd.jupyter.widget-view+json" not in page:
        visit.problem = "the start page came back without its exercises; see the messages above."
    if visit.kernel_id is not None:
        visit.kernel_shut_down = _shut_down_kernel(opener, base, visit.kernel_id)
    return visit


def _shut_down_kernel(opener: urllib.request.OpenerDirector, base: str, kernel_id: str) -> bool:
    """Ask Voilà to shut a kernel down, as a closing page does, carrying the xsrf token the server handed out."""
    handler = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))

    def token() -> str | None:
        return next((c.value for c in handler.cookiejar if c.name == "_xsrf"), None)

    try:
        xsrf = token()  # every page response sets it (app/voila_main.py)
        if xsrf is None:
            return False
        request = urllib.request.Request(  # noqa: S310 - our own server, http only
            base + f"/voila/api/shutdown/{kernel_id}", data=b"", method="POST",
            headers={"X-XSRFToken": xsrf})
        with opener.open(request, timeout=30) as response:
            return response.status == 204
    except (urllib.error.URLError, OSError):
        return False


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server we started: politely, then for good after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(args: argparse.Namespace) -> int:
    """Start Voilà, wait until it answers, show or open the start page, and serve until Ctrl+C."""
    notebooks = notebooks_dir()
    if not (notebooks / LANDING_NOTEBOOK).is_file():
        print(f"mentoringkit: cannot find the module notebooks (looked for {notebooks / LANDING_NOTEBOOK}); "
              "reinstall mentoringkit.", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"mentoringkit: --port must be between 1 and 65535, got {args.port}.", file=sys.stderr)
        return 2
    if getattr(args, "ready_kernels", 0) < 0:
        print(f"mentoringkit: --ready-kernels must be 0 or more, got {args.ready_kernels}.", file=sys.stderr)
        return 2
    for name in ("max_participants", "max_per_address"):
        value = getattr(args, name, None)
        if value is not None and value < (1 if name == "max_participants" else 0):
            least = "1" if name == "max_participants" else "0 (no limit)"
            print(f"mentoringkit: --{name.replace('_', '-')} must be {least} or more, got {value}.", file=sys.stderr)
            return 2
    if not _port_is_free(args.ip, args.port):
        print(f"mentoringkit: port {args.port} on {args.ip} is already in use (is the kit already running?). "
              f"Choose another with --port, for example --port {args.port + 1}.", file=sys.stderr)
        return 2
    env = voila_environment(args)
    # Check the curriculum before anyone opens a page, so a trainer's typo is reported here, not in a browser.
    from mentoringkit.curriculum import ContentError, load_curriculum

    try:
        load_curriculum(env.get("MENTORINGKIT_CONTENT") or None)
    except ContentError as exc:
        print(f"mentoringkit: the curriculum has a problem, so the kit was not started.\n{exc}", file=sys.stderr)
        return 2

    url = landing_url(args)
    from mentoringkit.trainer.access import ensure_trainer_key

    try:  # made before any page asks for it; kept in the data folder, so it stays the same across restarts
        trainer_key = ensure_trainer_key(Path(env["MENTORINGKIT_DATA"]) if env.get("MENTORINGKIT_DATA") else None)
    except OSError as exc:
        print(f"mentoringkit: cannot keep the trainer key in the data folder ({exc}).", file=sys.stderr)
        return 2
    # A service manager or `timeout` stops us with SIGTERM; turn it into an exit so Voilà is stopped too.
    import signal

    with contextlib.suppress(ValueError):  # not the main thread (e.g. some test runners): nothing to install
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    caps, source = room_caps(args, notebooks)
    args.max_participants = caps.max_participants  # one figure for the message and the server alike
    print(f"Starting the mentoring orientation on port {args.port}…", flush=True)
    print(f"Room: {caps.describe()}.\n  Participants' cap {source}.\n  Pages no browser connects to are "
          f"shut down {caps.unconnected_grace:g} s after they were sent.", flush=True)
    proc = subprocess.Popen(voila_command(args, notebooks), env=env)
    try:
        if not _wait_until_up(url.split("/voila/")[0], proc, timeout=90):
            print("mentoringkit: the web server did not start; see the messages above.", file=sys.stderr)
            stop_process(proc)
            return 1
        # The server answering is not enough: a page must really run (a kernel must exist and start).
        visit = first_visit(url.split("/voila/")[0], env=env)
        if visit.problem is not None:
            print(f"mentoringkit: the orientation is not ready: {visit.problem}", file=sys.stderr)
            stop_process(proc)
            return 1
        print(f"\nThe orientation is ready: {url}", flush=True)
        if args.ip in ("0.0.0.0", "::"):  # noqa: S104 - comparing, not binding
            print(f"Others on your network can open it at http://{socket.gethostname()}:{args.port}"
                  f"/voila/render/{LANDING_NOTEBOOK} (or this computer's IP address instead of its name).")
        base = url.rsplit("/", 1)[0]
        print(f"Trainer pages (keep this address to yourself): {base}/trainer.ipynb?key={trainer_key}\n"
              f"  projector view: {base}/projector.ipynb?key={trainer_key}", flush=True)
        print("Press Ctrl+C here to stop the server.\n", flush=True)
        if not args.no_browser:
            import webbrowser

            with contextlib.suppress(Exception):  # no browser (e.g. a remote shell) is not an error
                webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        print("\nStopping the orientation server…", flush=True)
        stop_process(proc)
        return 0
    finally:
        stop_process(proc)


def main(argv: list[str] | None = None) -> int:
    """``python -m mentoringkit.serve``: the same as ``mentoringkit serve``."""
    parser = argparse.ArgumentParser(prog="mentoringkit serve", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
