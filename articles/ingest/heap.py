"""Giving the allocator's free pages back to the system during a long import.

The importing process handles thousands of page buffers of 30–150 KB. glibc raises its
mmap threshold after the first large free, so later buffers come from the heap, and the
holes they leave between live objects are free memory that glibc keeps: a 10,000-page
import ended 13–18 MB above a 1,000-page one with no more data alive (measured with
tracemalloc and mallinfo2, docs/DESIGN.md). `malloc_trim(0)` hands whole free pages
back, holes included, so resident memory follows what the import holds.

Only glibc has malloc_trim; elsewhere this does nothing."""

from __future__ import annotations

import ctypes

try:  # the symbols of the running program, libc's among them
    _MALLOC_TRIM = getattr(ctypes.CDLL(None), "malloc_trim", None)
except OSError:  # pragma: no cover - a platform where the program's symbols cannot be opened
    _MALLOC_TRIM = None

TRIM_EVERY = 200  # pages stored between two trims (a trim takes well under a millisecond)


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; False where the allocator cannot."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True
