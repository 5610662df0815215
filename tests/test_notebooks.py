"""The orientation notebooks as files: valid, parameterised for papermill, executed with outputs stored, cells
kept to a line or two, and each one runs with a participant's own parameters and saves their workbook."""

from __future__ import annotations

import ast
import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from mentoringkit.curriculum import load_curriculum

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MODULES = list(load_curriculum().course.modules)
IDS = [m.id for m in MODULES]
PARAMETERS = ("participant", "role", "workbook_path")
MAX_CODE_LINES = 3
TEST_PARAMETERS = {"participant": "Test Person", "role": "mentor"}


def notebook_path(module) -> Path:
    path = NOTEBOOKS / module.notebook
    if not path.is_file():
        pytest.fail(f"content/course.yml lists {module.notebook} but notebooks/{module.notebook} does not exist",
                    pytrace=False)
    return path


def read(module) -> nbformat.NotebookNode:
    return nbformat.read(notebook_path(module), as_version=4)


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def is_parameters(cell) -> bool:
    return "parameters" in cell.get("metadata", {}).get("tags", [])


def code_lines(source: str) -> list[str]:
    """The lines that do something: blank lines and comment-only lines do not count."""
    return [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]


def stored_problems(nb) -> list[str]:
    """Error and stderr outputs stored in (or produced into) a notebook, one line each."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {index}: stderr: {''.join(out.get('text', ''))[:300]}")
    return problems


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_notebook_is_valid(module):
    nbformat.validate(read(module))


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_parameters_cell_comes_first_and_names_the_participant(module):
    cells = code_cells(read(module))
    tagged = [c for c in cells if is_parameters(c)]
    assert len(tagged) == 1, f"{module.notebook}: expected one code cell tagged 'parameters', found {len(tagged)}"
    assert cells[0] is tagged[0], f"{module.notebook}: the parameters cell must be the first code cell"
    assigned = {target.id for node in ast.walk(ast.parse(tagged[0].source)) if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    missing = [name for name in PARAMETERS if name not in assigned]
    assert not missing, f"{module.notebook}: parameters cell does not define {', '.join(missing)}"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_every_code_cell_was_run_and_outputs_are_stored(module):
    nb = read(module)
    cells = code_cells(nb)
    not_run = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.execution_count is None]
    assert not not_run, f"{module.notebook}: cells {not_run} were never executed, so nbval would compare nothing"
    # nbval checks only what is stored: a page of widgets must have stored its displays.
    displays = sum(len(c.outputs) for c in cells)
    assert displays > 0, f"{module.notebook}: no stored outputs at all"
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{module.notebook}: execution counts {counts}; run the notebook top to bottom in a fresh kernel "
        "(python scripts/execute_notebooks.py)")
    assert not stored_problems(nb), f"{module.notebook} has stored errors: {stored_problems(nb)}"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_cells_are_a_line_or_two(module):
    long_cells = {i: len(code_lines(c.source)) for i, c in enumerate(read(module).cells)
                  if c.cell_type == "code" and not is_parameters(c) and len(code_lines(c.source)) > MAX_CODE_LINES}
    assert not long_cells, (f"{module.notebook}: cells {sorted(long_cells)} have {list(long_cells.values())} lines "
                            f"of code (at most {MAX_CODE_LINES}); move the wiring into a widget function")


# -- runs with a participant's own parameters -----------------------------------------------------------


def run_with_parameters(notebook: str, out_dir: str) -> dict[str, str | None]:
    """Run one notebook through papermill as "Test Person", a mentor; in a worker process."""
    import papermill

    workbook = str(Path(out_dir) / "workbook.json")
    output = str(Path(out_dir) / Path(notebook).name)
    try:
        papermill.execute_notebook(notebook, output, parameters={**TEST_PARAMETERS, "workbook_path": workbook},
                                   kernel_name="python3", cwd=str(Path(notebook).parent), progress_bar=False,
                                   log_output=False, execution_timeout=120)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {str(exc)[-3000:]}", "output": output, "workbook": workbook}
    return {"error": None, "output": output, "workbook": workbook}


@pytest.fixture(scope="module")
def papermill_runs(tmp_path_factory) -> dict[str, dict[str, str | None]]:
    """Every notebook run once with test parameters, two at a time (kernel start dominates each run)."""
    runs: dict[str, dict[str, str | None]] = {}
    existing = [m for m in MODULES if (NOTEBOOKS / m.notebook).is_file()]
    # spawn, not fork: the browser suite may have Playwright running in this process.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {m.notebook: pool.submit(run_with_parameters, str(NOTEBOOKS / m.notebook),
                                           tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
                   for m in existing}
        for notebook, future in futures.items():
            try:
                runs[notebook] = future.result(timeout=300)
            except Exception as exc:  # a hung or crashed worker fails that notebook, not the whole module
                runs[notebook] = {"error": f"{type(exc).__name__}: {exc}", "output": None, "workbook": None}
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_runs_for_a_participant_and_saves_their_workbook(module, papermill_runs):
    notebook_path(module)
    run = papermill_runs[module.notebook]
    assert run["error"] is None, f"{module.notebook} failed under papermill: {run['error']}"
    executed = nbformat.read(run["output"], as_version=4)
    assert not stored_problems(executed), f"{module.notebook}: {stored_problems(executed)}"
    from mentoringkit.storage import load_workbook

    workbook_file = Path(run["workbook"])
    assert workbook_file.is_file(), f"{module.notebook} did not save the workbook named by workbook_path"
    profile = load_workbook(workbook_file).profile
    assert (profile.name, profile.role) == (TEST_PARAMETERS["participant"], TEST_PARAMETERS["role"])
