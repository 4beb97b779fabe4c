"""The people and notes the decisions tests share: a Staffordshire officer and colleague, a
note they have started, the team that signs Staffordshire's notes off and its Monitoring
Officer, who publishes them."""

import pytest

from decisions import drafting
from decisions.models import Decision, DecisionTemplate
from tests.factories import officer_of, signing_team


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "staffs.officer")


@pytest.fixture
def colleague(staffordshire):
    return officer_of(staffordshire, "staffs.colleague")


@pytest.fixture
def note(staffordshire, officer) -> Decision:
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    return drafting.start_note(
        staffordshire, template, "Proposed contract extension – Regional PADS", officer
    )


@pytest.fixture
def team(staffordshire):
    """Staffordshire's people: the officer who drafts, the four who review, the Commissioner."""
    return signing_team(staffordshire)


@pytest.fixture
def monitoring(team):
    """Staffordshire's Monitoring Officer: determines what is published, publishes, corrects
    and takes down."""
    return team["monitoring_officer"]
