"""The offence-code mapping: every group of the statistics, unknown codes, and versions by date."""

from datetime import date

import pytest

from contracts.offences import OffenceGroup
from ingest.offence_groups import (
    MAPPING_FILE,
    OffenceMappingError,
    default_mapping,
    parse_mapping,
)

ON = date(2026, 3, 27)
G = OffenceGroup

# Each case: an offence code as a court sends it, and the group mapping 2026.1 gives it.
SHIPPED = [
    pytest.param("OF61131", G.VIOLENCE_AGAINST_THE_PERSON,
                 id="wounding (Offences Against the Person Act 1861, s. 20) is violence against the person"),
    pytest.param("TH68023", G.ROBBERY, id="robbery is robbery, not the Theft Act's theft"),
    pytest.param("TH68023A", G.ROBBERY, id="an attempted robbery counts as robbery"),
    pytest.param("SX03001", G.SEXUAL_OFFENCES, id="a Sexual Offences Act 2003 code is a sexual offence"),
    pytest.param("SX56010", G.SEXUAL_OFFENCES, id="a Sexual Offences Act 1956 code is a sexual offence"),
    pytest.param("TH68010", G.THEFT_AND_HANDLING, id="theft from a shop is theft and handling"),
    pytest.param("TH68036", G.DOMESTIC_BURGLARY, id="burglary of a dwelling is domestic burglary"),
    pytest.param("TH68037", G.NON_DOMESTIC_BURGLARY, id="burglary other than a dwelling is non-domestic burglary"),
    pytest.param("TH68027", G.NON_DOMESTIC_BURGLARY, id="burglary other than a dwelling with intent is non-domestic"),
    pytest.param("CD71039", G.CRIMINAL_DAMAGE, id="destroying or damaging property is criminal damage"),
    pytest.param("MD71230", G.DRUGS, id="possession with intent to supply class A is a drugs offence"),
    pytest.param("PU86001", G.PUBLIC_ORDER, id="a Public Order Act 1986 code is public order"),
    pytest.param("RT88191", G.MOTORING, id="driving without insurance is a motoring offence"),
    pytest.param("FR06001", G.FRAUD_AND_FORGERY, id="a Fraud Act 2006 code is fraud and forgery"),
    pytest.param("CJ08512", G.BREACH_OF_STATUTORY_ORDER, id="a Criminal Justice and Immigration Act 2008 breach is a breach of statutory order"),
    pytest.param("PC00003", G.BREACH_OF_STATUTORY_ORDER, id="a breach under the Powers of Criminal Courts Act 2000 is a breach of statutory order"),
    pytest.param("BA76004", G.OTHER, id="failing to surrender to bail is other"),
    pytest.param("XX99001", G.UNCLASSIFIED, id="a code of no Act the mapping knows is unclassified"),
    pytest.param("CJ08999", G.UNCLASSIFIED, id="a Criminal Justice and Immigration Act 2008 code not listed is unclassified"),
    pytest.param(" th68023 ", G.ROBBERY, id="a code in lower case with spaces is read as the court meant it"),
    pytest.param("TH", G.UNCLASSIFIED, id="a code too short to name an Act is unclassified"),
]


@pytest.mark.parametrize(("code", "group"), SHIPPED)
def test_the_shipped_mapping_gives_each_code_its_group(code: str, group: OffenceGroup) -> None:
    found = default_mapping().classify([code], on=ON)
    assert found.groups == (group,)
    assert found.version == "2026.1"


def test_every_group_of_the_statistics_has_a_code_in_the_shipped_mapping() -> None:
    version = default_mapping().version_on(ON)
    mapped = set(version.prefixes.values()) | set(version.codes.values())
    assert mapped == set(OffenceGroup) - {OffenceGroup.UNCLASSIFIED}


def test_the_mapping_reports_how_many_codes_it_could_not_classify() -> None:
    found = default_mapping().classify(["TH68010", "XX99001", "ZZ00123", "TH68023"], on=ON)
    assert found.unclassified == 2
    assert found.groups == (G.THEFT_AND_HANDLING, G.UNCLASSIFIED, G.UNCLASSIFIED, G.ROBBERY)


# Two versions: aggravated vehicle taking moves from theft and handling to motoring on 1 April 2026.
TWO_VERSIONS = """
[[version]]
version = "2025.1"
effective_from = 2025-04-01
[version.prefixes]
TH68 = { group = "theft_and_handling" }

[[version]]
version = "2026.1"
effective_from = 2026-04-01
[version.prefixes]
TH68 = { group = "theft_and_handling" }
[version.codes]
TH68147 = { group = "motoring", title = "Aggravated vehicle taking and dangerous driving" }
"""

DATED = [
    pytest.param(date(2026, 3, 31), "2025.1", G.THEFT_AND_HANDLING,
                 id="an order made the day before the new version keeps the old group"),
    pytest.param(date(2026, 4, 1), "2026.1", G.MOTORING,
                 id="an order made on the new version's first day gets the new group"),
    pytest.param(date(2025, 4, 1), "2025.1", G.THEFT_AND_HANDLING,
                 id="an order made on the first version's first day gets the first version"),
    pytest.param(date(2024, 1, 1), "2025.1", G.THEFT_AND_HANDLING,
                 id="an order made before any version is classified by the first"),
]


@pytest.mark.parametrize(("made_on", "version", "group"), DATED)
def test_the_version_in_force_on_the_orders_day_classifies_it(made_on: date, version: str, group: OffenceGroup) -> None:
    found = parse_mapping(TWO_VERSIONS).classify(["TH68147"], on=made_on)
    assert (found.version, found.groups) == (version, (group,))


def test_a_code_only_the_new_version_moves_keeps_its_group_in_both() -> None:
    mapping = parse_mapping(TWO_VERSIONS)
    before = mapping.classify(["TH68010"], on=date(2026, 3, 31))
    after = mapping.classify(["TH68010"], on=date(2026, 4, 1))
    assert before.groups == after.groups == (G.THEFT_AND_HANDLING,)


def version_with(entry: str, table: str = "codes", effective: str = "2026-01-01") -> str:
    return f'[[version]]\nversion = "x"\neffective_from = {effective}\n[version.{table}]\n{entry}\n'


ROBBERY = 'TH68023 = { group = "robbery" }'
BROKEN = [
    pytest.param(version_with('TH68023 = { group = "robberies" }'), "version x: codes.TH68023: 'robberies' is not an offence group",
                 id="a group the statistics do not have is refused"),
    pytest.param(version_with('TH68023 = { group = "unclassified" }'), "version x: codes.TH68023: unclassified is for codes the mapping leaves out",
                 id="mapping a code to unclassified is refused"),
    pytest.param(version_with('TH6 = { group = "robbery" }'), "version x: codes.TH6: not an offence code",
                 id="a code too short is refused"),
    pytest.param(version_with('th68 = { group = "theft_and_handling" }', "prefixes"), "version x: prefixes.th68: not an Act",
                 id="an Act in lower case is refused"),
    pytest.param('[[version]]\nversion = "x"\neffective_from = "1 April"\n', "version x: `effective_from` must be a date",
                 id="an effective date that is not a date is refused"),
    pytest.param(version_with(ROBBERY, effective="2026-04-01") + version_with(ROBBERY, effective="2025-04-01").replace('"x"', '"y"'),
                 "versions must be in order of distinct effective dates", id="versions out of date order are refused"),
    pytest.param("version = [", "the offence mapping is not TOML", id="text that is not TOML is refused"),
    pytest.param("", "the offence mapping needs [[version]] tables", id="a mapping with no version is refused"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_a_malformed_mapping_is_refused_naming_the_entry(text: str, message: str) -> None:
    with pytest.raises(OffenceMappingError) as refused:
        parse_mapping(text)
    assert str(refused.value).startswith(message)


def test_the_shipped_mapping_is_the_file_in_the_repository() -> None:
    assert MAPPING_FILE.is_file()
    assert parse_mapping(MAPPING_FILE.read_text()).versions == default_mapping().versions
