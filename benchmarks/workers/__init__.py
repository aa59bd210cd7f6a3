"""`pathway bench workers`: the same load through one worker process, then through two."""
