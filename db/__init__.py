"""The database: tables, engine and sessions. Never imported by workflow code."""
