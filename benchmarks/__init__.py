"""Benchmarks behind `pathway bench NAME`: one package per benchmark, the shared rig in `rig/`.

Each benchmark's `bench.main(argv)` prints readable figures, progress on stderr, and ends with
one JSON line on stdout (ADR 0050). `commands.bench` maps each name to its package.
"""
