"""`python -m benchmarks.memory.cache_worker N`: `pathway worker` with `max_cached_workflows=N`.

The product's worker (`worker.main`) is run unchanged except for the one setting, so the
`memory` benchmark can show what a smaller workflow cache would do before anyone changes it.
"""

import functools
import sys

from temporalio.worker import Worker

import worker


def main(argv: list[str]) -> None:
    """Run the product worker with the workflow cache size given as the one argument."""
    setattr(worker, "Worker", functools.partial(Worker, max_cached_workflows=int(argv[0])))  # noqa: B010
    worker.main()


if __name__ == "__main__":
    main(sys.argv[1:])
