"""Golden pages: the exact bytes of two pages of the sample site.

Any change to the templates, the extraction or the rendering that alters these
pages fails here, so that the change is looked at. When the change is intended,
regenerate the files and read the diff before committing it:

    READOUT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_site_golden.py
    git diff tests/golden/

(see tests/golden/README.md).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "readout-2020-09-13-jeenbekov.html": "readouts/2020-09-13-kyrgyz-president-sooronbay-jeenbekov-meets-with-wang-yi/index.html",
    "year-2020.html": "years/2020/index.html",
}
UPDATE = os.environ.get("READOUT_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_page_matches_golden(golden, site_root):
    built = (site_root / PAGES[golden]).read_bytes()
    path = GOLDEN / golden
    if UPDATE:
        path.write_bytes(built)
    assert path.is_file(), f"{path} is missing: run with READOUT_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if built != expected:
        diff = "".join(difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(keepends=True),
            built.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"tests/golden/{golden}", tofile=f"built {PAGES[golden]}", n=2))
        pytest.fail(f"{PAGES[golden]} differs from tests/golden/{golden} "
                    f"(READOUT_UPDATE_GOLDEN=1 regenerates it if the change is intended):\n{diff[:6000]}")
