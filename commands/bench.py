"""`pathway bench NAME`: benchmarks that print their figures and end with one JSON line."""

import importlib
import sys
from collections.abc import Callable

NAMES = ("rules", "overdue", "ingest", "step", "year", "memory", "workers", "chaos", "reports")
"""Every benchmark: `pathway bench NAME` runs `benchmarks.NAME.bench.main(argv) -> int`."""
BENCHMARKS = {name: f"benchmarks.{name}.bench" for name in NAMES}


def run_bench(name: str, rest: list[str]) -> int:
    """Run the named benchmark with its own arguments."""
    module_name = BENCHMARKS.get(name)
    if module_name is None:
        sys.stderr.write(
            f"pathway bench: no benchmark named {name!r} (try: {', '.join(BENCHMARKS)})\n"
        )
        return 2
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        sys.stderr.write(f"pathway bench: {name} is not built yet\n")
        return 2
    main: Callable[[list[str]], int] = module.main
    return main(rest)
