"""Build hooks for the classify package; the metadata is in pyproject.toml.

build_py copies libclassify into the package (classify/_lib/libclassify.so.1), taken from
$CLASSIFY_LIBRARY or from ../../build/lib/libclassify.so.1 (what `make lib` builds in the
source tree). Without one, the package still builds, with a warning, and at import time it
finds the library through $CLASSIFY_LIBRARY or the system loader instead.

A wheel that carries the library is tagged for the platform (py3-none-<platform>), not as
pure Python, since the library is native code; it does not depend on the CPython ABI.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py as _build_py

HERE = Path(__file__).resolve().parent
SONAME = "libclassify.so.1"


def _library() -> Path | None:
    env = os.environ.get("CLASSIFY_LIBRARY")
    if env:
        path = Path(env)
        if path.is_dir():
            path = path / SONAME
        return path if path.is_file() else None
    path = HERE.parent.parent / "build" / "lib" / SONAME
    return path if path.is_file() else None


LIBRARY = _library()


class build_py(_build_py):
    def run(self) -> None:
        super().run()
        target_dir = Path(self.build_lib) / "classify" / "_lib"
        shutil.rmtree(target_dir, ignore_errors=True)  # no stale copy from an earlier build
        if LIBRARY is None:
            sys.stderr.write(
                "WARNING: classify: libclassify.so.1 not found (run `make lib` at the top of the "
                "source tree, or set CLASSIFY_LIBRARY); the package will use $CLASSIFY_LIBRARY "
                "or the system's libclassify at run time.\n"
            )
            return
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / SONAME
        # Copy the file the symlinks point to, under the soname: wheels hold no symlinks.
        shutil.copyfile(LIBRARY.resolve(), target)
        os.chmod(target, 0o755)
        sys.stderr.write(f"classify: bundled {LIBRARY.resolve()} as {target}\n")


cmdclass: dict[str, type] = {"build_py": build_py}

try:  # setuptools >= 70.1 ships bdist_wheel; older ones use the wheel package's.
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:
    try:
        from wheel.bdist_wheel import bdist_wheel as _bdist_wheel  # type: ignore[no-redef]
    except ImportError:
        _bdist_wheel = None  # type: ignore[assignment,misc]

if _bdist_wheel is not None and LIBRARY is not None:

    class bdist_wheel(_bdist_wheel):  # type: ignore[misc,valid-type]
        def finalize_options(self) -> None:
            super().finalize_options()
            self.root_is_pure = False

        def get_tag(self) -> tuple[str, str, str]:
            _, _, platform = super().get_tag()
            return "py3", "none", platform

    cmdclass["bdist_wheel"] = bdist_wheel

setup(cmdclass=cmdclass)
