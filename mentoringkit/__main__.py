"""Run the mentoringkit command: ``python -m mentoringkit ...``."""

from __future__ import annotations

import sys

from mentoringkit.cli import main

sys.exit(main())
