"""The law in code: eligibility for FFT, NVR, the DV groups, violence reduction and Turnaround.

Activities call `evaluate` (or `evaluate_many`); nothing else in the project needs to know
that durable_rules does the matching. Thresholds are dated parameters (`rules.parameters`);
each programme's criteria are stated in its own module (`rules.fft`, `rules.nvr`,
`rules.dv_groups`, `rules.violence_reduction`). Turnaround, the diversion pathway's
prevention programme, has its own entry point, `evaluate_turnaround` (`rules.turnaround`).
"""

from rules.engine import RulesEngineError, evaluate, evaluate_many, evaluate_turnaround
from rules.parameters import (
    NoRuleSetInForce,
    ParameterSet,
    parameters_on,
    register_parameter_set,
    unregister_parameter_set,
)

__all__ = [
    "NoRuleSetInForce",
    "ParameterSet",
    "RulesEngineError",
    "evaluate",
    "evaluate_many",
    "evaluate_turnaround",
    "parameters_on",
    "register_parameter_set",
    "unregister_parameter_set",
]
