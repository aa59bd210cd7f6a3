"""CSV exports: a header, one row per line item, empty cells for nulls."""

import csv
import io

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.csv import to_csv
from reports.disproportionality import disproportionality
from reports.kpis import kpis
from reports.timeliness import TIMELINESS_STEPS, timeliness
from tests.reports.seed import HOLIDAYS, seed_caseload


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    with sessions.begin() as s:
        seed_caseload(s)
    return sessions


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_rri_csv_has_a_row_per_group_and_decision_point_with_suppressed_cells_empty(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        text = to_csv(disproportionality(s, dimension="ethnicity"))
    assert text.startswith("dimension,decision_point,base_definition,group,reference_group,events,base,")
    assert text.endswith("\r\n")
    table = rows(text)
    assert len(table) == 36
    black = next(r for r in table if r["decision_point"] == "referral_fft" and r["group"] == "Black")
    assert (black["events"], black["base"], black["rate"], black["rri"]) == ("6", "20", "0.3", "3")
    assert (black["ci_low"], black["ci_high"], black["suppressed"]) == ("1.0315", "8.7248", "false")
    assert black["reference_group"] == "White"
    assert black["base_definition"] == "pathways with an eligibility decision for FFT"
    mixed = next(r for r in table if r["decision_point"] == "referral_fft" and r["group"] == "Mixed")
    assert (mixed["events"], mixed["base"], mixed["rri"], mixed["suppressed"]) == ("", "", "", "true")
    assert mixed["note"] == "suppressed: fewer than 5 in the base"


def test_the_timeliness_csv_has_a_row_per_step_and_one_for_all_steps(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        table = rows(to_csv(timeliness(s, holidays=HOLIDAYS)))
    assert [r["step"] for r in table] == [s.value for s in TIMELINESS_STEPS] + ["all"]
    allocation = table[0]
    # 93 allocations, done; every tenth child in a group (White 5, Black 2, Asian 1, Mixed, Other,
    # Not stated 1 each) was allocated late: 82 on time.
    assert (allocation["tasks"], allocation["done_on_time"], allocation["overdue"]) == ("93", "82", "0")
    assert table[-2]["on_time"] == "" and table[-2]["step"] == "closure"


def test_the_kpi_csv_has_a_row_per_measure(seeded: sessionmaker[Session]) -> None:
    with seeded() as s:
        table = rows(to_csv(kpis(s)))
    values = {(r["section"], r["item"]): r["value"] for r in table}
    assert values[("pathways", "pathways")] == "93"
    assert values[("referrals:fft", "made")] == "14"
    assert values[("closures_by_reason", "returned_to_court")] == "11"
    assert values[("orders_by_disposal", "detention_and_training_order")] == "19"
    assert ("referrals:fft", "programme") not in values


def test_anything_but_a_report_has_no_csv_form() -> None:
    with pytest.raises(TypeError, match="no CSV form for dict"):
        to_csv({})
