"""Finds the importer's regular expressions and the inputs that make a backtracking
pattern blow up: for every unbounded repeat in a pattern, a sample of what the repeat
matches, pumped many times and followed by a character that makes the match fail.

Patterns are collected three ways: compiled patterns at module level, the same inside
tuples, lists and dicts (rule tables), and string literals passed to `re.*` calls
anywhere in the module's source (found with `ast`)."""

from __future__ import annotations

import ast
import contextlib
import importlib
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from re import _constants as C  # noqa: N812
from re import _parser

_CATEGORY_SAMPLE = {C.CATEGORY_DIGIT: "1", C.CATEGORY_SPACE: " ", C.CATEGORY_WORD: "a"}

# Runs that real pages are full of, tried against every pattern besides its own pumps.
GENERIC_PUMPS = (" ", "\n", " \n", "\t", "\u3000", "&nbsp;", "a", "1", "中", "年", "1年", "：", "-", ".")
GENERIC_PUMPS += ("<", "<p>", "<!---->", "<!--http://a.cn/1.html-->\n", "记者", "2023年1月1日 ")


def _sample(items) -> str:
    """One string the parsed pattern `items` matches (or nearly: enough to pump)."""
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("b" if av == ord("a") else "a")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            if any(o is C.NEGATE for o, _ in av):
                out.append("#")
                continue
            for o, a in av:
                if o is C.LITERAL:
                    out.append(chr(a))
                    break
                if o is C.RANGE:
                    out.append(chr(a[0]))
                    break
                if o is C.CATEGORY:
                    out.append(_CATEGORY_SAMPLE.get(a, "a"))
                    break
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, _high, sub = av
            out.append(_sample(sub) * max(low, 1))
        elif op is C.SUBPATTERN:
            out.append(_sample(av[-1]))
        elif op is C.BRANCH:
            out.append(_sample(av[1][0]))
        elif op is C.CATEGORY:
            out.append(_CATEGORY_SAMPLE.get(av, "a"))
        elif op is C.ATOMIC_GROUP:
            out.append(_sample(av))
    return "".join(out)


def _pumps(items) -> Iterator[str]:
    for op, av in items:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            _low, high, sub = av
            if high == C.MAXREPEAT:
                yield _sample(sub)
            yield from _pumps(sub)
        elif op is C.SUBPATTERN:
            yield from _pumps(av[-1])
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _pumps(branch)
        elif op is C.ATOMIC_GROUP:
            yield from _pumps(av)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield from _pumps(av[1])


def adversarial_inputs(pattern: re.Pattern, reps: tuple[int, ...] = (30, 2000)) -> Iterator[str | bytes]:
    text = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    tree = _parser.parse(text, pattern.flags & ~re.LOCALE)
    for pump in sorted(set(_pumps(list(tree))) | set(GENERIC_PUMPS)):
        if not pump:
            continue
        for n in reps:
            for tail in ("\x00", "", "!"):
                value = pump * n + tail
                yield value.encode("utf-8", "surrogatepass") if isinstance(pattern.pattern, bytes) else value


def _walk(value, name: str, seen: set[int], depth: int = 0) -> Iterator[tuple[str, re.Pattern]]:
    if isinstance(value, re.Pattern):
        if id(value) not in seen:
            seen.add(id(value))
            yield name, value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for i, item in enumerate(value):
            yield from _walk(item, f"{name}[{i}]", seen, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{name}[{key!r}]", seen, depth + 1)


def _flags(nodes) -> int:
    flags = 0
    for node in nodes:
        with contextlib.suppress(Exception):
            value = eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re})  # noqa: S307
            if isinstance(value, re.RegexFlag):
                flags |= value
    return flags


def _literal_patterns(path: Path, module: str, seen: set[int]) -> Iterator[tuple[str, re.Pattern]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str | bytes)
        ):
            continue
        extra = list(node.args[1:]) + [k.value for k in node.keywords if k.arg == "flags"]
        try:
            pattern = re.compile(node.args[0].value, _flags(extra))
        except (re.error, TypeError):
            continue  # e.g. re.sub(pattern, repl): the first argument is a pattern, others are not
        if id(pattern) not in seen:
            seen.add(id(pattern))
            yield f"{module}:{node.lineno}", pattern


def importer_patterns(package: str = "articles.ingest") -> Iterator[tuple[str, re.Pattern]]:
    root = importlib.import_module(package)
    seen: set[int] = set()
    for path in sorted(Path(next(iter(root.__path__))).rglob("*.py")):
        relative = path.relative_to(Path(next(iter(root.__path__)))).with_suffix("")
        module_name = ".".join((package, *relative.parts)).removesuffix(".__init__")
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            yield from _walk(value, f"{module_name}.{name}", seen)
        yield from _literal_patterns(path, module_name, seen)


class _Slow(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raises TimeoutError in the main thread after `seconds` (a regex search is
    interrupted too: the engine checks for signals)."""

    def _raise(signum, frame):
        raise _Slow

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Slow:
        raise TimeoutError(f"over {seconds} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def slow_inputs(pattern: re.Pattern, seconds: float = 1.0) -> list[str]:
    """The adversarial inputs on which searching with `pattern` takes over `seconds`."""
    slow = []
    for value in adversarial_inputs(pattern):
        try:
            with time_limit(seconds):
                pattern.search(value)
        except TimeoutError:
            slow.append(repr(value[:40]) + f"… ({len(value)} chars)")
    return slow
