"""The read model: what the workflows hold, copied into tables for questions across pathways.

- `tables`: the tables (`rm_*`), one row per pathway, task, victim, decision, referral, bias
  reflection and offence, each pathway's row carrying the state's version; no names or contact
  details.
- `projection`: a pathway's state as rows, written in one version-checked step.
- `writers`: every write, and who makes it (the API and pages after a step, the projection
  activity, the rebuild command, retention), with why each is safe.
- `queries`: task lists, caseloads, notifications and the other questions across pathways,
  restricted to the caller's scope.
- `views`: the shapes the API answers when it reads, from a pathway's state or these lists.

The workflows remain the source of truth (`pathway rebuild-read-model` rebuilds these tables
from them). The intake's own tables (children, court records, held records, victim details,
the outbox, audit, page sessions, anonymised pathways) and the engine live in `db/`; this
package depends on `db/`, never the reverse. Never imported by workflow code.
"""
