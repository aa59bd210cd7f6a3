"""`pathway bench memory`: the worker's resident memory with thousands of open pathways.

`bench` runs it; `cache_worker` is `pathway worker` with another workflow cache size.
"""
