"""What an order keeps of its offences: code, title and date, with the group the mapping gives.

Every court record (canonical or Common Platform) reaches the intake as a canonical outcome;
its offences are classified by the offence-code mapping version in force on the day the order
was made (`ingest.offence_groups`) and travel in the workflow input. Codes the mapping cannot
classify are kept as `unclassified` and logged by code (never with the child), so the mapping
can be extended.
"""

import logging

from contracts.court import CourtOutcome
from contracts.offences import OffenceGroup, OrderOffence
from ingest.offence_groups import OffenceMapping, default_mapping

log = logging.getLogger(__name__)


def order_offences(
    outcome: CourtOutcome, mapping: OffenceMapping | None = None
) -> list[OrderOffence]:
    """Return the outcome's offences with their groups, in the court's order.

    Args:
        outcome: A validated canonical court outcome.
        mapping: The offence-code mapping (None: the one shipped with Pathway).
    """
    made_on = outcome.disposal.made_on
    found = (mapping or default_mapping()).classify(
        (o.offence_code for o in outcome.offences), on=made_on
    )
    pairs = list(zip(outcome.offences, found.groups, strict=True))
    if found.unclassified:
        unknown = sorted({o.offence_code for o, g in pairs if g == OffenceGroup.UNCLASSIFIED})
        log.info(
            "offence mapping %s could not classify %d offence(s) of an order made on %s: %s",
            found.version,
            found.unclassified,
            made_on,
            ", ".join(unknown),
        )
    return [
        OrderOffence(
            offence_code=o.offence_code,
            title=o.title,
            offence_date=o.offence_date,
            group=group,
            mapping_version=found.version,
        )
        for o, group in pairs
    ]
