"""`pathway bench overdue`: the supervisor's overdue list at 100,000 open tasks."""
