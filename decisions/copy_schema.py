"""The shape of a published copy's frozen content, by version, and how an older copy is read.

A published copy is never rewritten, since the audit trail seals its digest: a copy frozen in
an older version is upgraded in memory each time it is read, so every reader of a copy's
content goes through `readable` (or `readable_contract` for a contract taken out of it)."""

# Version 1 (copies without a "schema" key) named labels as the record template once read them
# from the live objects (get_status_display, …) and lacked keys added since; version 2 (written
# by decisions.public_copy.public_content) names what each value is; version 3 adds the
# statement of the decision's money ("money": its lines, years, funds and printed figures) and
# what a record transcribed from its original says of it ("transcription"); a version 3
# copy's appendix may carry "download", the file published with it (decisions.appendix_copies):
# one frozen before then has none, and its page says to ask the office for the file.
# Version 4 adds the notice of the proposed decision on the forward plan ("notice") and who
# agreed to the urgency route ("urgency_agreed_by").
SCHEMA = 4

_V1_LABELS = {
    "get_protective_marking_display": "protective_marking_label",
    "get_confidentiality_display": "confidentiality_label",
    "get_status_display": "status_label",
    "get_kind_display": "kind_label",
    "get_record_display": "record_label",
    "get_assessment_display": "assessment_label",
    "get_details_display": "details_label",
    "exemptions": "exemption_labels",
}
# What a version 1 copy shows for a key added later: the record as it then printed.
_V1_DEFAULTS = {
    "office": {"uses_key_decisions": True, "uses_call_in": False},
    "decision": {"call_in_deadline": None},
}


def _relabelled(item: dict) -> dict:
    return {_V1_LABELS.get(key, key): value for key, value in item.items()}


def readable_contract(contract: dict) -> dict:
    """A frozen contract (from any schema version) in the current shape."""
    return {
        **contract,
        "events": [_relabelled(event) for event in contract["events"]],
        # Before version 3 a copy did not say whether a row was committed: it printed every
        # row as part of the contract's total, as it is read here.
        "contributions": [{"committed": True, **row} for row in contract["contributions"]],
    }


def readable(content: dict) -> dict:
    """A published copy's frozen content in the current schema's shape, whatever version it
    was frozen in. The stored content is left as it is."""
    version = content.get("schema", 1)
    if version == SCHEMA:
        return content
    if version == 1:
        content = _version_2(content)
    if version < 3:
        # A copy frozen before version 3 printed its money as its total committed alone, and
        # no record was then recorded from an original.
        content = {**content, "money": None, "transcription": None}
    # Before version 4 no decision was linked to a notice on the forward plan.
    return {
        **content,
        "schema": SCHEMA,
        "notice": None,
        "decision": {"urgency_agreed_by": "", **content["decision"]},
    }


def _version_2(content: dict) -> dict:
    upgraded = {
        **content,
        "schema": 2,
        "decision": _V1_DEFAULTS["decision"] | _relabelled(content["decision"]),
        "office": _V1_DEFAULTS["office"] | content["office"],
        "sections": [
            {
                **view,
                "section": {
                    **{
                        key: value
                        for key, value in view["section"].items()
                        if key not in ("is_confidential", "get_exemption_display")
                    },
                    "in_part_two": False,
                },
            }
            for view in content["sections"]
        ],
        "links": [_relabelled(link) for link in content["links"]],
        "conditions": [_relabelled(condition) for condition in content["conditions"]],
        "contracts": [readable_contract(contract) for contract in content["contracts"]],
        # Every decision before version 2 was the decision-maker's alone, on a form with its
        # recommendations listed first, the approval after the report, and no Part 2.
        "decided_by": {"statement": "", "way_reason": ""},
        "layout": {"recommendations": "list", "approval_first": False, "has_parts": False},
        "header_facts": [],
    }
    if content.get("determination"):
        upgraded["determination"] = _relabelled(content["determination"])
    return upgraded
