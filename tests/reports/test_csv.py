"""CSV exports: a header, one row per line item, empty cells for nulls."""

import csv
import io

import pytest
from sqlalchemy.orm import Session, sessionmaker

from reports.cohort import Cohort
from reports.csv import defused, to_csv
from reports.disproportionality import DecisionPoint, RriReport, disproportionality
from reports.kpis import kpis
from reports.rri import RriRow
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
    assert len(table) == 42  # 7 decision points (a referral point per programme) x 6 groups
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
    court = [r for r in table if r["pathways"] == "court"]
    assert [r["step"] for r in court] == [s.value for s in TIMELINESS_STEPS] + ["all"]
    assert [r["step"] for r in table if r["pathways"] == "diversion"][-1] == "all"
    allocation = table[0]
    # 93 allocations, done; every tenth child in a group (White 5, Black 2, Asian 1, Mixed, Other,
    # Not stated 1 each) was allocated late: 82 on time.
    assert (allocation["tasks"], allocation["done_on_time"], allocation["overdue"]) == ("93", "82", "0")
    assert court[-2]["on_time"] == "" and court[-2]["step"] == "closure"


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


# Each case: a text cell as written into a report, and the cell the CSV holds.
INJECTION_CASES = [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")", "a cell opening with = is quoted"),
    ("+1+1", "'+1+1", "a cell opening with + is quoted"),
    ("-2+3", "'-2+3", "a cell opening with - is quoted"),
    ("@SUM(A1)", "'@SUM(A1)", "a cell opening with @ is quoted"),
    ("\t=1", "'\t'=1", "a cell opening with a tab is quoted"),
    ("\rplain", "'\rplain", "a cell opening with a carriage return is quoted"),
    ("  =1+1", "'  =1+1", "a formula after leading spaces is quoted"),
    ("\u00a0\u3000+1", "'\u00a0\u3000+1", "a formula after non-breaking and ideographic spaces is quoted"),
    ("\uff1d1+1", "'\uff1d1+1", "a full-width equals sign is quoted"),
    ("\uff0b1", "'\uff0b1", "a full-width plus sign is quoted"),
    ("\uff0d1", "'\uff0d1", "a full-width minus sign is quoted"),
    ("\uff20SUM(A1)", "'\uff20SUM(A1)", "a full-width at sign is quoted"),
    ("White\n=cmd|' /C calc'!A0", "'White\n'=cmd|' /C calc'!A0", "a formula after a line break is quoted"),
    ("White\r\n  @x", "'White\r\n'  @x", "a formula after CRLF and spaces is quoted"),
    ("note\t-1", "'note\t'-1", "a formula after a tab is quoted"),
    ("note\n\uff1dx", "'note\n'\uff1dx", "a full-width sign after a line break is quoted"),
    ("White", "White", "plain text is left alone"),
    ("suppressed: fewer than 5 in the base", "suppressed: fewer than 5 in the base", "a sentence is left alone"),
    ("15-17", "15-17", "a sign inside a cell is left alone"),
    ("a = b", "a = b", "a sign after a word is left alone"),
    ("two\nlines", "two\nlines", "a line break before plain text is left alone"),
    ("", "", "an empty cell stays empty"),
    ("   ", "   ", "spaces alone are left alone"),
]


@pytest.mark.parametrize(("written", "cell", "_"), INJECTION_CASES, ids=[c[2] for c in INJECTION_CASES])
def test_csv_injection_is_defused(written: str, cell: str, _: str) -> None:
    assert defused(written) == cell


def test_a_group_named_like_a_formula_reaches_the_csv_file_defused() -> None:
    point = DecisionPoint(id="referral_fft", label="FFT", event="referred", base="pathways\n=1+1")
    row = RriRow(decision_point="referral_fft", group=" \uff1dcmd", events=None, base=None, rate=None,
                 reference_rate=None, rri=None, ci_low=None, ci_high=None, suppressed=True)
    report = RriReport(cohort=Cohort(), dimension="ethnicity", groups=[row.group], reference="@ref",
                       min_count=5, decision_points=[point], rows=[row])
    (line,) = rows(to_csv(report))
    assert line["group"] == "' \uff1dcmd"
    assert line["reference_group"] == "'@ref"
    assert line["base_definition"] == "'pathways\n'=1+1"
