"""`pathway bench ingest`: court outcomes through the real intake against raw workflow starts."""
