"""`pathway bench memory`: the worker's resident memory with thousands of open pathways."""
