"""`pathway bench step`: a caseworker's step over HTTP against a bare Temporal update.

`bench` runs the rounds and reports; `rig` starts the worker and API and holds the probes;
`bare` is the minimal workflow the step is measured against, run by `bare_worker` in a process
of its own as `pathway worker` runs the pathway.
"""
