"""Giving the allocator's free pages back to the system during a long import.

The importing process handles thousands of page buffers of 30–150 KB. glibc raises its
mmap threshold after the first large free, so later buffers come from the heap, and the
holes they leave between live objects are free memory that glibc keeps: a 10,000-page
import ended 13–18 MB above a 1,000-page one with no more data alive (measured with
tracemalloc and mallinfo2, docs/DESIGN.md). Two glibc calls keep it flat:

- `settle()` fixes the mmap threshold at glibc's own starting value (128 KB) before the
  run, so it no longer rises after the first large free: buffers that size and larger
  keep coming from mmap and go back to the system whole when freed;
- `release_free_memory()` (`malloc_trim(0)`) every TRIM_EVERY pages hands whole free
  pages of the heap back, holes included.

Both are process-wide allocator settings of the importing process (the command, or the
admin's job runner); the workers fork after `settle()` and inherit it (settled after the
fork instead, the workers and the importing process peaked about 6 MB higher at 1,000
pages). Only glibc has them; elsewhere they do nothing."""

from __future__ import annotations

import ctypes

try:  # the symbols of the running program, libc's among them
    _LIBC = ctypes.CDLL(None)
except OSError:  # pragma: no cover - a platform where the program's symbols cannot be opened
    _LIBC = None
_MALLOC_TRIM = getattr(_LIBC, "malloc_trim", None)
_MALLOPT = getattr(_LIBC, "mallopt", None)
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024  # glibc's starting value, kept instead of raised

TRIM_EVERY = 200  # pages stored between two trims (a trim takes well under a millisecond)


def settle() -> bool:
    """Fix the mmap threshold (see above); False where the allocator has no such setting."""
    if _MALLOPT is None or _MALLOC_TRIM is None:  # mallopt without malloc_trim: not glibc's
        return False
    return bool(_MALLOPT(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; False where the allocator cannot."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True
