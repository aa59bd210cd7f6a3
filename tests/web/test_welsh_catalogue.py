"""Every word of the family's pages has its Welsh (ADR 0144).

Babel extracts the strings as `make messages` does (the same `babel.cfg`); each must have a
Welsh translation in `web/locale/cy`, checked by Babel for matching placeholders. A template
with visible English left outside `{% trans %}` / `_()` fails too, found in its text nodes.
"""

import re
from configparser import ConfigParser
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from jinja2 import nodes

from access import Role
from contracts.common import Step
from contracts.formulation import DEFAULT_AGENCIES
from contracts.language import Language
from web.casepage import FAMILY_WORDS
from web.family_pages import FAMILY_TEMPLATES
from web.family_words import FROM_DATA
from web.i18n import catalogue, translations
from web.labels import DISPOSALS
from web.restorative_forms import ELEMENTS
from web.templating import ENV

ROOT = Path(__file__).parents[2]
BABEL_CFG = ROOT / "babel.cfg"


def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every message Babel extracts for the family's pages, with where it was found."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    ):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return found


def welsh(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_every_string_of_the_family_pages_has_a_non_empty_welsh_translation() -> None:
    found = extracted()
    assert len(found) > 90  # the templates, the steps' family words and the words from data
    cy = catalogue(Language.WELSH)
    missing = []
    for msgid, where in found.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = cy.get(key)
        if message is None or message.fuzzy or not all(s.strip() for s in welsh(message)):
            missing.append(f"{key!r} ({', '.join(where)})")
    assert not missing, "no Welsh for:\n" + "\n".join(missing)


def test_the_welsh_keeps_every_placeholder_and_every_plural_form() -> None:
    cy = catalogue(Language.WELSH)
    assert cy.num_plurals == 6  # zero, one, two, few, many, other (CLDR's Welsh)
    problems = [f"{m.id!r}: {errors}" for m, errors in cy.check()]
    assert not problems, problems
    for message in cy:
        if message.id and message.pluralizable:
            assert len(message.string) == 6 and all(message.string), message.id


def test_the_catalogue_holds_no_words_the_pages_no_longer_use() -> None:
    found = {m[0] if isinstance(m, tuple) else m for m in extracted()}
    stale = [m.id for m in catalogue(Language.WELSH) if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in found]
    assert not stale, f"run `make messages`: {stale}"


def test_the_compiled_welsh_translates_as_the_catalogue_says() -> None:
    cy = translations(Language.WELSH)
    assert cy.gettext("Youth Justice Service") == "Gwasanaeth Cyfiawnder Ieuenctid"
    assert cy.gettext("Referral order") == "Gorchymyn atgyfeirio"
    assert cy.gettext("Youth rehabilitation order") == "Gorchymyn adsefydlu ieuenctid"
    assert cy.ngettext("The panel meets again every %(count)s month to see how it is going, and once more before your order ends.",
                       "The panel meets again every %(count)s months to see how it is going, and once more before your order ends.",
                       1).startswith("Mae'r panel yn cyfarfod eto bob mis")


def test_every_family_template_is_extracted_for_translation() -> None:
    cfg = ConfigParser()
    cfg.read(BABEL_CFG)
    templates = {s.split(":", 1)[1].strip().removeprefix("web/templates/") for s in cfg.sections() if s.startswith("jinja2:")}
    assert set(FAMILY_TEMPLATES) == templates


def test_every_word_the_family_pages_take_from_data_is_marked_for_translation() -> None:
    from_data = [*DISPOSALS.values(), *ELEMENTS.values(), *(a.label for a in DEFAULT_AGENCIES), *(r.value for r in Role)]
    assert not [w for w in from_data if w not in FROM_DATA]
    assert all(FAMILY_WORDS.values())  # marked in place: extracted from web/casepage.py


# Text between tags that is not words: spaces, punctuation, entities, numbers; and the
# service's own name, which stays as it is in Welsh (as GOV.UK's service names do).
NOT_WORDS = re.compile(r"^[\s\W\d]*$")
TAG = re.compile(r"<[^>]*>", re.S)
NAMES = re.compile(r"\bPathway\b")
HOLE = "\x00"  # where an expression or a block stood in the text


def visible_text(tree: nodes.Template) -> list[str]:
    """The template's own text outside tags, in document order, one item per stretch of words."""
    stream = []
    for output in tree.find_all(nodes.Output):
        stream += [n.data if isinstance(n, nodes.TemplateData) else HOLE for n in output.nodes]
    text = NAMES.sub(" ", TAG.sub(HOLE, HOLE.join(stream)))
    return [t.strip() for t in text.split(HOLE) if not NOT_WORDS.match(t)]


def _gettext_calls(node: nodes.Node) -> set[int]:
    """The ids of the string constants inside gettext calls (`_()`, `{% trans %}`)."""
    inside: set[int] = set()
    for call in node.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ("_", "gettext", "ngettext"):
            inside |= {id(c) for c in call.find_all(nodes.Const)}
    return inside


def untranslated_constants(tree: nodes.Template) -> list[str]:
    """String constants of two or more words (a link's text, a default) outside gettext."""
    inside = _gettext_calls(tree)
    return [
        c.value
        for c in tree.find_all(nodes.Const)
        if isinstance(c.value, str) and id(c) not in inside and re.search(r"[A-Za-z]+ [a-z]+", c.value)
    ]


def test_no_visible_english_is_left_outside_a_translation_in_the_family_templates() -> None:
    """Text outside tags must be markup only; a string constant of words must be translated."""
    left = []
    for name in FAMILY_TEMPLATES:
        tree = ENV.parse((ROOT / "web" / "templates" / name).read_text())
        left += [f"{name}: {text!r}" for text in visible_text(tree) + untranslated_constants(tree)]
    assert not left, "English outside a translation:\n" + "\n".join(left)


def test_the_check_of_text_nodes_finds_english_left_untranslated() -> None:
    tree = ENV.parse(
        '<p class="govuk-body" title="{{ x }}">{{ _("Sign out") }}</p><p>Print this page</p>'
        '{% if y %}<a href="{{ z }}">Back</a>{% endif %} – Pathway – {{ f({"text": "Back to the case"}) }}'
    )
    assert visible_text(tree) == ["Print this page", "Back"]
    assert untranslated_constants(tree) == ["Back to the case"]


def test_the_diversion_pathways_steps_have_family_words_in_english_and_welsh() -> None:
    # Without them a family's summary of a diversion pathway showed the staff's step names,
    # in English on a Welsh page.
    welsh = translations(Language.WELSH)
    for step in (Step.JOINT_DECISION_PANEL, Step.DIVERSION_PLAN, Step.CONDITION_OUTCOME,
                 Step.NONCOMPLIANCE_TO_POLICE, Step.EXIT_PLAN, Step.LANGUAGE_PREFERENCE):
        words = FAMILY_WORDS[step]
        assert "order" not in words, step  # a diversion pathway has no order
        assert welsh.gettext(words) != words, step
