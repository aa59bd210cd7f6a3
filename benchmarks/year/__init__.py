"""`pathway bench year`: a year of a large youth justice service, on the time-skipping server.

`bench` runs it; `plan` decides what the simulated caseworkers do and when; `simulation`
drives the days; `report` starts the server, worker and intake, and sums up the reports.
"""
