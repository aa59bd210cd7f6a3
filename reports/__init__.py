"""Service reports: timeliness, KPIs and disproportionality, from the read model."""
