"""The intake's database: its tables, engine and sessions. Never imported by workflow code.

The read model's tables are in `readmodel/`, on the same declarative base (`tables.Base`).
"""
