"""The preview of a rule change end to end: open pathways in a read model, decided both ways.

`pathway bench rules` seeds a fresh SQLite database in a temporary folder (never `data/`)
with N open pathways: children of 10 to 18 on the evaluation date, of every ethnic group, in
20 teams, each with random assessment facts (`samples.random_facts`) as the projection writes
them. It then times `reports.rule_preview` on them (reading the facts and dates of birth,
deciding every pathway under the version in force and under a proposal, counting), twice,
and reports the faster run: the issue's target is 50,000 open pathways in under 10 s.
"""

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from db.session import make_engine, make_sessions, migrate
from db.tables import Child
from readmodel.tables import FactsRow, PathwayRow
from reports.rule_preview import Proposal, RulePreview, rule_preview
from samples.random_facts import random_requests

ON = date(2027, 1, 15)
PROPOSAL = Proposal(
    version="bench.1",
    effective_from=date(2027, 2, 1),
    parameters={"vr_min_age": 14, "fft_max_return_home_weeks": 8},
)
_ETHNICITIES = ("W1", "W2", "B1", "B2", "A1", "M1", "O1", None)


def _seed(url: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    facts = [r.facts.model_dump(mode="json") for r in random_requests(count, seed)]
    engine = make_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            session.execute(
                insert(Child),
                [
                    dict(
                        child_id=f"c{i}",
                        identity_key=f"k{i}",
                        first_name="Bench",
                        last_name="Child",
                        date_of_birth=ON - timedelta(days=rng.randint(10 * 365, 18 * 365)),
                        gender="male",
                        ethnicity=_ETHNICITIES[i % len(_ETHNICITIES)],
                        created_at=now,
                    )
                    for i in range(count)
                ],
            )
            session.execute(
                insert(PathwayRow),
                [
                    dict(
                        pathway_id=f"p{i}",
                        child_id=f"c{i}",
                        disposal="referral_order",
                        status="open",
                        caseworker="bench",
                        team=f"team{i % 20}",
                        made_on=date(2026, 6, 1),
                        order_starts_on=date(2026, 6, 1),
                        order_ends_on=date(2027, 6, 1),
                        case_manager_changes=0,
                        gender="male",
                        ethnicity=_ETHNICITIES[i % len(_ETHNICITIES)],
                        age_at_order=14,
                        has_victim=False,
                        version=1,
                        updated_at=now,
                    )
                    for i in range(count)
                ],
            )
            session.execute(
                insert(FactsRow),
                [dict(pathway_id=f"p{i}", facts=f) for i, f in enumerate(facts)],
            )
    finally:
        engine.dispose()


def bench_preview(count: int, seed: int = 1) -> tuple[float, RulePreview]:
    """Seed `count` open pathways in a fresh database and time their preview.

    Returns:
        The faster of two runs' seconds, and the preview.
    """
    with tempfile.TemporaryDirectory(prefix="pathway-bench-preview-") as folder:
        url = f"sqlite:///{Path(folder) / 'preview.db'}"
        migrate(url)
        _seed(url, count, seed)
        engine = make_engine(url)
        try:
            sessions = make_sessions(engine)
            best = float("inf")
            for _ in range(2):
                started = time.perf_counter()
                with sessions() as session:
                    preview = rule_preview(session, PROPOSAL, on=ON, min_count=0)
                best = min(best, time.perf_counter() - started)
        finally:
            engine.dispose()
    return best, preview
