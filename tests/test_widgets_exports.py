"""``mentoringkit.widgets`` offers every screen's ``show_*`` function without importing ipywidgets up front."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import mentoringkit.widgets as kit_widgets

WIDGETS = Path(kit_widgets.__file__).parent


def defined_show_functions() -> dict[str, str]:
    found = {}
    for path in WIDGETS.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("show_"):
                found[node.name] = path.stem
    return found


def test_every_show_function_is_reexported_from_its_module():
    found = defined_show_functions()
    assert len(found) >= 15
    missing = sorted(set(found) - set(kit_widgets.__all__))
    assert not missing, f"add to mentoringkit.widgets._LAZY: {missing}"
    for name, module in found.items():
        assert getattr(kit_widgets, name) is getattr(__import__(f"mentoringkit.widgets.{module}",
                                                                fromlist=[name]), name)


def test_importing_the_package_does_not_import_ipywidgets():
    code = "import sys, mentoringkit.widgets as w; w.__all__; print('ipywidgets' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
