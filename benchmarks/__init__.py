"""Benchmarks behind `pathway bench NAME`: each prints figures and ends with one JSON line."""
