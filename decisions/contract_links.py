"""The decisions a contract's pages list and offer, and linking a contract to the draft note
it was added for: what contracts.decision_links asks of this app."""

from decisions import drafting, transitions
from decisions.models import Decision


def with_pks(pks):
    return Decision.objects.filter(pk__in=pks)


def visible_to(office):
    return Decision.objects.visible_to(office)


def linkable_to(contract, office):
    return Decision.objects.linkable_to(contract, office)


def draft_note_for(office, note_id: str) -> Decision | None:
    """The note a contract is being added for (`?for_note=` on the new contract page): one of
    the office's own notes that is still a draft, or None."""
    if not str(note_id).isdigit():
        return None
    return Decision.objects.filter(
        office=office, status__in=transitions.EDITABLE, pk=int(note_id)
    ).first()


def link_to_draft_note(contract, note: Decision, *, user) -> bool:
    """Links a contract just added to the draft note it was added for, as a save of the note's
    details through the drafting service (a new version, in its revisions and trail). False,
    linking nothing, when the note has stopped being a draft in the meantime."""
    version = Decision.objects.filter(pk=note.pk).values_list("version", flat=True).first()
    try:
        drafting.save_parts(
            note,
            base_version=version or note.version,
            user=user,
            parts=["details"],
            apply=lambda current: current.contracts.add(contract),
        )
    except drafting.DraftingError:
        return False
    return True
