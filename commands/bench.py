"""`pathway bench NAME`: benchmarks that print their figures and end with one JSON line."""

import sys


def run_bench(name: str, rest: list[str]) -> int:
    """Run the named benchmark with its own arguments."""
    if name == "rules":
        from rules.bench import main

        return main(rest)
    sys.stderr.write(f"pathway bench: no benchmark named {name!r} (try: rules)\n")
    return 2
