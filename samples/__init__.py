"""Sample data committed with the code, shared by the tests, the demo and the benchmarks.

- `common_platform/`: public synthetic HMCTS Common Platform messages and schemas from the
  Ministry of Justice's open-source services (MIT licence; its README gives each file's source);
  `common_platform/invented/`: this project's own youth Common Platform messages in their shape.
- `orders`: invented children, canonical court outcomes, workflow inputs and the actors who
  record steps.
- `random_facts`: random eligibility requests on both sides of every threshold.
- `eligibility_oracle`: an independent plain-Python reading of the eligibility rules, which the
  tests and `pathway bench rules` compare the rules engine with.
"""

from pathlib import Path

COMMON_PLATFORM = Path(__file__).resolve().parent / "common_platform"
"""The public Common Platform sample messages (none holds a youth sentence)."""

INVENTED_COMMON_PLATFORM = COMMON_PLATFORM / "invented"
"""This project's own made-up youth Common Platform messages, each showing one case."""
