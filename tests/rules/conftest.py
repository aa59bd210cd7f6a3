from collections.abc import Iterator
from datetime import date

import pytest

from rules.parameters import (
    DEFAULT_2026_1,
    ParameterSet,
    register_parameter_set,
    unregister_parameter_set,
)


@pytest.fixture
def version_2027() -> Iterator[ParameterSet]:
    """A provider's rule set 2027.1 from 1 April 2027: FFT for 11-18s instead of 10-17s."""
    added = DEFAULT_2026_1.derive(
        version="2027.1", effective_from=date(2027, 4, 1), fft_min_age=11, fft_max_age=18
    )
    register_parameter_set(added)
    yield added
    unregister_parameter_set("2027.1")
