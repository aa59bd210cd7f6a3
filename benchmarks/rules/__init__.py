"""`pathway bench rules`: the rules engine's speed, checked against an independent oracle."""
