"""`pathway bench reports`: every report at national scale (`benchmarks.reports.bench`)."""
