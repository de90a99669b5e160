#!/usr/bin/env python3
"""Opens rule pack files through libclassify (examples checked) and prints the first error
of each, or OK with the detector count. For pack authors while the CLI is not at hand:

    python3 tools/packcheck.py packs/*.json

The library is build/lib/libclassify.so (run `make lib` first) or $CLASSIFY_LIBRARY.
"""
import ctypes
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
lib = ctypes.CDLL(os.environ.get("CLASSIFY_LIBRARY") or os.path.join(HERE, "..", "build", "lib", "libclassify.so"))
lib.classify_ruleset_open_file.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_void_p,
                                           ctypes.POINTER(ctypes.c_void_p)]
lib.classify_ruleset_open_file.restype = ctypes.c_int
lib.classify_error_message.argtypes = [ctypes.c_void_p]
lib.classify_error_message.restype = ctypes.c_char_p
lib.classify_error_free.argtypes = [ctypes.c_void_p]
lib.classify_ruleset_detector_count.argtypes = [ctypes.c_void_p]
lib.classify_ruleset_detector_count.restype = ctypes.c_size_t
lib.classify_ruleset_free.argtypes = [ctypes.c_void_p]

status = 0
for path in sys.argv[1:]:
    rs, err = ctypes.c_void_p(), ctypes.c_void_p()
    rc = lib.classify_ruleset_open_file(ctypes.byref(rs), path.encode(), None, ctypes.byref(err))
    if rc != 0:
        print(f"{path}: {lib.classify_error_message(err).decode(errors='replace')}")
        lib.classify_error_free(err)
        status = 1
    else:
        print(f"{path}: OK, {lib.classify_ruleset_detector_count(rs)} detectors")
        lib.classify_ruleset_free(rs)
sys.exit(status)
