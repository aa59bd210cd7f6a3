"""What several benchmarks share.

- `servers`: their own Temporal dev server, worker and API processes in a temporary folder.
- `output`: readable figures on stdout, progress on stderr, the last line as JSON.
- `stats`: percentiles.
- `procfs`: a process's CPU time and resident memory, from /proc.
- `days`: London's date today and the bank holidays around it.
- `journey`: a referral order's eleven steps, sent as the API sends them.
- `cli`: counts checked as the command line is read.
"""
