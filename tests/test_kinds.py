"""The one table of action kinds: complete, and the only source every layer reads."""

from __future__ import annotations

import pytest

from followup_kit.core.kinds import CHANNEL_NOUN, KINDS, limits
from followup_kit.core.vocabulary import CONTACT_CHANNELS, MESSAGE_KINDS, ActionKind, Channel
from followup_kit.render import labels
from followup_kit.render.charts import style
from followup_kit.render.drafts import CHANNELS, template_name
from followup_kit.render.export import document
from followup_kit.render.templating import TEMPLATE_DIR


def test_every_kind_has_exactly_one_spec() -> None:
    assert set(KINDS) == set(ActionKind)
    assert all(spec.kind is kind for kind, spec in KINDS.items())


@pytest.mark.parametrize(
    "table",
    [labels.KIND, labels.KIND_SHORT, style.KIND_LABELS, document.KIND_LABELS],
    ids=["labels.KIND", "labels.KIND_SHORT", "chart labels", "export labels"],
)
def test_every_label_table_covers_every_kind_and_agrees_with_the_spec(table: object) -> None:
    assert isinstance(table, dict) or hasattr(table, "keys")
    assert set(table) == set(ActionKind)  # type: ignore[arg-type]
    for kind in ActionKind:
        assert table[kind] in (KINDS[kind].label, KINDS[kind].short)  # type: ignore[index]


def test_channel_words_cover_every_channel() -> None:
    assert set(CHANNEL_NOUN) == set(Channel)
    assert set(labels.CHANNEL) == set(Channel)
    assert set(labels.DRAFT_CHANNEL) == set(Channel)


def test_message_kinds_are_the_kinds_with_channels() -> None:
    assert {k for k, spec in KINDS.items() if spec.is_message} == MESSAGE_KINDS
    assert set(CHANNELS) == MESSAGE_KINDS


def test_every_message_kind_has_a_template_rules_and_a_limit_per_channel() -> None:
    for kind, spec in KINDS.items():
        assert spec.rules, kind
        assert all(rule.startswith("R-") for rule in spec.rules)
        assert set(spec.limits) == set(spec.channels), kind
        assert set(spec.channels) <= set(CONTACT_CHANNELS)
        for channel in spec.channels:
            assert (TEMPLATE_DIR / template_name(kind, channel)).is_file()
        if spec.is_message:
            assert spec.length_rule in spec.rules
    assert set(limits()) == {(k, c) for k, s in KINDS.items() for c in s.channels}


def test_labels_do_not_drift() -> None:
    # The kind the review found with three names now has one long and one short label.
    assert labels.KIND[ActionKind.KEEP_SEARCHING] == "Keep your search moving"
    assert (
        document.KIND_LABELS[ActionKind.KEEP_SEARCHING]
        == style.KIND_LABELS[ActionKind.KEEP_SEARCHING]
    )


def test_every_kind_has_a_headline_for_exports() -> None:
    for spec in KINDS.values():
        title = spec.title.format(who="Ana Ruiz", round=2, sequence=1, noun="email", by="")
        assert "{" not in title
        assert title[0].isupper()
