"""The ctypes mirror of classify.h, checked against the header with a C compiler, and the
library loading rules (lookup, version check)."""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import subprocess
from ctypes import POINTER
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, c_compiler, run_python

import classify
from classify import _ffi
from classify.errors import EXCEPTIONS, ClassifyError


def _header_text() -> str:
    if not HEADER.exists():
        pytest.skip(f"{HEADER} not found (not running from the source tree)")
    text = HEADER.read_text()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _compile_and_run(tmp_path: Path, body: str) -> str:
    cc = c_compiler()
    src = tmp_path / "probe.c"
    exe = tmp_path / "probe"
    src.write_text(
        "#include <stdio.h>\n#include <stddef.h>\n#include <string.h>\n"
        '#include "classify.h"\n'
        "static void hex(const char *name, const void *p, size_t n) {\n"
        '    printf("bytes %s ", name);\n'
        '    for (size_t i = 0; i < n; i++) printf("%02x", ((const unsigned char *)p)[i]);\n'
        '    printf("\\n");\n'
        "}\n"
        "int main(void) {\n" + body + "    (void)hex;\n    return 0;\n}\n"
    )
    compiled = subprocess.run(
        [cc, "-std=c99", "-Wall", "-I", str(HEADER.parent), "-o", str(exe), str(src)],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr
    return subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout


# --- structs and constants ---------------------------------------------------------------------

_INITS = {
    "classify_open_options": "CLASSIFY_OPEN_OPTIONS_INIT",
    "classify_detector_info": "CLASSIFY_DETECTOR_INFO_INIT",
    "classify_scan_options": "CLASSIFY_SCAN_OPTIONS_INIT",
    "classify_finding": "CLASSIFY_FINDING_INIT",
    "classify_decision": "CLASSIFY_DECISION_INIT",
    "classify_engine_options": "CLASSIFY_ENGINE_OPTIONS_INIT",
    "classify_reclassify_options": "CLASSIFY_RECLASSIFY_OPTIONS_INIT",
    "classify_stream_options": "CLASSIFY_STREAM_OPTIONS_INIT",
    "classify_field": "CLASSIFY_FIELD_INIT",
    "classify_profile_options": "CLASSIFY_PROFILE_OPTIONS_INIT",
    "classify_redact_rule": "CLASSIFY_REDACT_RULE_INIT",
    "classify_redact_options": "CLASSIFY_REDACT_OPTIONS_INIT",
}


def test_struct_layout_and_constants_match_the_header(tmp_path: Path) -> None:
    lines = []
    for name, cls in _ffi.STRUCTS.items():
        lines.append(f'    printf("sizeof {name} %zu\\n", sizeof({name}));')
        for field, *_ in cls._fields_:
            lines.append(f'    printf("offsetof {name} {field} %zu\\n", offsetof({name}, {field}));')
        # Static storage: padding is zero, so the bytes are exactly what _INIT sets.
        lines.append(f"    {{ static {name} v = {_INITS[name]}; hex(\"{name}\", &v, sizeof v); }}")
    for macro in _ffi.CONSTANTS:
        lines.append(f'    printf("const {macro} %lld\\n", (long long)({macro}));')
    out = _compile_and_run(tmp_path, "\n".join(lines) + "\n")

    seen = 0
    for line in out.splitlines():
        kind, name, *rest = line.split()
        if kind == "sizeof":
            assert ctypes.sizeof(_ffi.STRUCTS[name]) == int(rest[0]), f"sizeof({name})"
        elif kind == "offsetof":
            field, value = rest
            assert getattr(_ffi.STRUCTS[name], field).offset == int(value), f"offsetof({name}, {field})"
        elif kind == "bytes":
            assert bytes(_ffi.STRUCTS[name]()).hex() == rest[0], f"{name}() differs from {_INITS[name]}"
        elif kind == "const":
            assert _ffi.CONSTANTS[name] == int(rest[0]), name
        seen += 1
    assert seen == len(lines)


def test_every_struct_and_macro_of_the_header_is_mirrored() -> None:
    text = _header_text()
    structs = set(re.findall(r"typedef\s+struct\s+(classify_\w+)\s*\{", text))
    assert structs == set(_ffi.STRUCTS)
    # Every numeric macro a caller can see in a result or pass in an option.
    macros = set(re.findall(r"#define\s+(CLASSIFY_(?:E_|OK|DONE|INCOMPLETE|OPEN_|FINDING_|LIMIT_|DEFAULT_)\w*)\s+\S", text))
    macros = {m for m in macros if not m.endswith("_INIT")}
    assert macros - set(_ffi.CONSTANTS) == set()


def test_every_status_code_has_its_exception() -> None:
    codes = re.findall(r"#define\s+CLASSIFY_(E_\w+)\s+\((-\d+)\)", _header_text())
    assert len(codes) >= 9
    for name, value in codes:
        cls = EXCEPTIONS[int(value)]
        assert cls is not ClassifyError and cls.STATUS == int(value), name
    assert len(set(EXCEPTIONS.values())) == len(EXCEPTIONS)


# --- functions ---------------------------------------------------------------------------------

_OPAQUE = {
    "classify_error": _ffi.error_p,
    "classify_ruleset": _ffi.ruleset_p,
    "classify_scanner": _ffi.scanner_p,
    "classify_engine": _ffi.engine_p,
    "classify_stream": _ffi.stream_p,
    "classify_profile": _ffi.profile_p,
}
_SCALARS: dict[str, Any] = {
    "int": ctypes.c_int,
    "size_t": ctypes.c_size_t,
    "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64,
    "uint64_t": ctypes.c_uint64,
    "double": ctypes.c_double,
}


def _ctype(c_type: str) -> Any:
    """The ctypes type a C declaration's type must be declared as."""
    depth = c_type.count("*")
    base = c_type.replace("*", " ").replace("const", " ").split()
    assert len(base) == 1, c_type
    name = base[0]
    if name == "void":
        return [None, ctypes.c_void_p, POINTER(ctypes.c_void_p)][depth] if depth <= 2 else pytest.fail(c_type)
    if name == "char":
        t: Any = ctypes.c_char_p
        depth -= 1
    elif name in _OPAQUE:
        t = _OPAQUE[name]
        depth -= 1
    elif name in _ffi.STRUCTS:
        t = _ffi.STRUCTS[name]
    else:
        t = _SCALARS[name]
    for _ in range(depth):
        t = POINTER(t)
    return t


def _prototypes() -> dict[str, tuple[list[str], str]]:
    protos: dict[str, tuple[list[str], str]] = {}
    for ret, name, params in re.findall(
        r"CLASSIFY_API\s+([^;(]*?)\b(classify_\w+)\s*\(([^)]*)\)\s*;", _header_text()
    ):
        types = []
        for p in params.split(","):
            p = " ".join(p.split())
            if p == "void":
                continue
            m = re.fullmatch(r"(.*?)\s*\b(\w+)", p)
            assert m, p
            types.append(m.group(1))
        protos[name] = (types, ret.strip())
    return protos


def test_every_function_is_declared_as_the_header_says() -> None:
    protos = _prototypes()
    assert len(protos) >= 30
    assert set(protos) == set(_ffi.FUNCTIONS), "functions added to or removed from classify.h"
    for name, (params, ret) in protos.items():
        argtypes, restype = _ffi.FUNCTIONS[name]
        assert argtypes == [_ctype(p) for p in params], name
        assert restype is _ctype(ret), name
        fn = getattr(_ffi.lib, name)
        assert fn.argtypes == argtypes and fn.restype is restype, name


# --- the library that is loaded ------------------------------------------------------------------


def test_loaded_library_is_major_version_1() -> None:
    assert _ffi.version_number // 10000 == 1
    assert classify.library_version().split(".")[0] == "1"
    assert classify.library_version() == _ffi.lib.classify_version_string().decode()
    assert Path(classify.library_path()).name.startswith("libclassify")


def _fake_library(tmp_path: Path, number: int, text: str) -> Path:
    cc = c_compiler()
    src = tmp_path / "fake.c"
    lib = tmp_path / "libfake.so"
    src.write_text(
        f"int classify_version_number(void) {{ return {number}; }}\n"
        f'const char *classify_version_string(void) {{ return "{text}"; }}\n'
    )
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(lib), str(src)], check=True)
    return lib


def test_import_refuses_another_major_version(tmp_path: Path) -> None:
    lib = _fake_library(tmp_path, 20003, "2.0.3")
    proc = run_python("import classify", env={"CLASSIFY_LIBRARY": str(lib)})
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:")
    assert "2.0.3" in last and "20003" in last and "1.x" in last and str(lib) in last


def test_import_refuses_a_library_missing_functions(tmp_path: Path) -> None:
    lib = _fake_library(tmp_path, 10000, "1.0.0")
    proc = run_python("import classify", env={"CLASSIFY_LIBRARY": str(lib)})
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:") and "does not export classify_" in last


def test_import_error_says_what_to_do_when_the_library_is_missing(tmp_path: Path) -> None:
    proc = run_python("import classify", env={"CLASSIFY_LIBRARY": str(tmp_path / "nope.so")})
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:")
    assert "CLASSIFY_LIBRARY" in last and "make lib" in last and "pip install ./bindings/python" in last


def test_import_falls_back_to_the_system_loader(tmp_path: Path) -> None:
    if ctypes.util.find_library("classify"):
        pytest.skip("libclassify is installed system-wide")
    proc = run_python(
        "import classify", env={"CLASSIFY_LIBRARY": "", "LD_LIBRARY_PATH": str(tmp_path)}
    )
    last = proc.stderr.strip().splitlines()[-1]
    assert "libclassify was not found" in last and "make lib" in last
    # The system loader finds the soname on LD_LIBRARY_PATH.
    real = Path(_ffi.library_path).resolve()
    (tmp_path / "libclassify.so.1").symlink_to(real)
    proc = run_python(
        "import classify; print(classify.library_path(), classify.Ruleset.default().classify('card 4111 1111 1111 1111').level)",
        env={"CLASSIFY_LIBRARY": "", "LD_LIBRARY_PATH": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["libclassify.so.1", "restricted"]


def test_classify_library_may_name_a_directory() -> None:
    directory = Path(_ffi.library_path).resolve().parent
    proc = run_python("import classify; print(classify.library_path())", env={"CLASSIFY_LIBRARY": str(directory)})
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).parent == directory
