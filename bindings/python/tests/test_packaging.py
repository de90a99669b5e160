"""The build hook that puts libclassify into the package (setup.py build_py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PACKAGE_ROOT

from classify import _ffi

pytest.importorskip("setuptools")


def _build_py(target: Path, library: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CLASSIFY_LIBRARY=library)
    return subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(target)],
        cwd=PACKAGE_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_copies_the_library_into_the_package(tmp_path: Path) -> None:
    proc = _build_py(tmp_path, _ffi.library_path)
    assert proc.returncode == 0, proc.stderr
    copied = tmp_path / "classify" / "_lib" / "libclassify.so.1"
    assert copied.is_file() and not copied.is_symlink()
    assert copied.read_bytes() == Path(_ffi.library_path).resolve().read_bytes()
    assert (tmp_path / "classify" / "py.typed").exists()
    # The built package finds its own copy without CLASSIFY_LIBRARY.
    proc = subprocess.run(
        [sys.executable, "-c", "import classify; print(classify.library_path())"],
        env=dict(os.environ, CLASSIFY_LIBRARY="", PYTHONPATH=str(tmp_path)),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()) == copied


def test_build_without_a_library_warns_and_leaves_no_stale_copy(tmp_path: Path) -> None:
    assert _build_py(tmp_path, _ffi.library_path).returncode == 0
    proc = _build_py(tmp_path, str(tmp_path / "missing.so"))
    assert proc.returncode == 0, proc.stderr
    assert "WARNING: classify: libclassify.so.1 not found" in proc.stderr
    assert not (tmp_path / "classify" / "_lib").exists()
    assert (tmp_path / "classify" / "__init__.py").exists()
