"""What every layer of Pathway shares, and nothing of any one of them.

- `settings`: the one `Settings`, from `PATHWAY_*` environment variables;
- `errors`: the exception tree and the failure types Temporal carries;
- `pathways`: the one command client of the pathway workflow, which the API, the pages and
  the feeds all load and change pathways through (it turns Temporal's answers into `errors`);
- `workdays`, `bank_holidays`: working days in England and Wales (pure: workflows import them);
- `clients`, `codec`: the Temporal client every process uses, and its payload encryption;
- `schedules`: the Temporal schedules Pathway keeps (retention).

Nothing is imported here: workflows import `core.workdays` inside Temporal's sandbox, which must
not load the database, HTTP or encryption libraries the other modules bring.
"""
