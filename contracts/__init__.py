"""Named pydantic models at every boundary: API bodies, workflow inputs, rule facts, decisions.

Each workflow, update and activity takes one of these and returns one, so fields can be added
with defaults without breaking running histories. No model here reads the clock or makes ids.
"""
