"""A contract whose value no published decision states says so, on its page, in the contracts
table and in its OCDS release, rather than showing a blank or an invented amount.

Three seed contracts are such: Warwickshire's 2018 adult and young people's services (the
exemption decision WPCC3-0058 extending them states no cost) and the 2024 drugs referral
service (WPCC4-0014 says only that its direct award was "over £20,000")."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from decisions.public.ocds import NO_VALUE

UNSTATED = {
    "Adult criminal justice drug and alcohol misuse service",
    "Young people's criminal justice drug and alcohol misuse service",
    "Adult drugs referral and assessment service",
}


@pytest.fixture
def releases(db) -> dict[str, dict]:
    package = json.loads(Client().get(reverse("public:contracts_ocds")).content)
    return {release["contracts"][0]["title"]: release for release in package["releases"]}


def test_each_release_has_a_value_or_says_no_decision_states_one(releases):
    unstated = {title for title, r in releases.items() if "value" not in r["contracts"][0]}

    assert unstated == UNSTATED
    for title in UNSTATED:
        contract = releases[title]["contracts"][0]
        assert contract["description"].endswith(NO_VALUE)
        assert "budget" not in releases[title].get("planning", {})
    stated = releases["Regional Pre-Arrest Drugs Diversion Scheme (PADS) — direct award 2025/26"]
    assert stated["contracts"][0]["value"] == {"amount": 9500, "currency": "GBP"}
    assert NO_VALUE not in stated["contracts"][0]["description"]


def test_the_pages_say_the_value_is_not_stated(releases):
    table = Client().get(reverse("public:contracts")).content.decode()
    assert table.count(">Not stated<") == len(UNSTATED)

    key = releases["Adult drugs referral and assessment service"]["contracts"][0]["id"]
    pk = int(key.rsplit("-", 1)[1])
    page = Client().get(reverse("public:contract", args=[pk])).content.decode()
    assert "Not stated: the published decisions give no exact amount" in page
