"""`pathway bench chaos`: pathways survive killed workers and a restarted Temporal server.

`bench` runs the chaos run and its control; `scripts` draws each pathway's commands;
`cluster` starts and breaks the server and worker; `faults` plans the breakages; `driver`
retries through them without recording a command twice; `compare` finds what was lost,
duplicated or changed.
"""
