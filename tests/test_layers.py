"""The headless layers stay headless: infinity/ and session/ never import Textual."""

from __future__ import annotations

import subprocess
import sys


def test_infinity_and_session_do_not_import_textual() -> None:
    code = (
        "import sys, pexjoin_tui.infinity, pexjoin_tui.session; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
