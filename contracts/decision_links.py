"""What the contract pages need of the decisions that authorise contracts, supplied at start-up
by the decisions app (decisions.contract_links, registered in decisions.apps).

Contracts are the floor below decisions: a contribution row or a contract event names the
decision that authorised it by a foreign key declared by name ("decisions.Decision"), the one
sanctioned reference upwards. Anything more (which decisions an office may see or link, and
linking a new contract to the draft note it was added for) is asked through these hooks, so
contracts import nothing from decisions."""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class DecisionLinks(Protocol):
    def with_pks(self, pks): ...

    def visible_to(self, office): ...

    def linkable_to(self, contract, office): ...

    def draft_note_for(self, office, note_id: str): ...

    def link_to_draft_note(self, contract, note, *, user) -> bool: ...


_registered: DecisionLinks | None = None


def register(links: DecisionLinks) -> None:
    global _registered
    _registered = links


def links() -> DecisionLinks:
    if _registered is None:
        raise ImproperlyConfigured(
            "The contract pages need the decisions app (it registers decisions.contract_links)."
        )
    return _registered
