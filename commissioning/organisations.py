"""Finding an organisation before adding it again: the same body is often written in several
ways ("West Mercia Police and Crime Commissioner", "Police and Crime Commissioner for West
Mercia", "The Police & Crime Commissioner for West Mercia"), and a second row for it would split
its money and its contracts in two."""

import re

from commissioning.models import Organisation

# Words that do not tell one body from another.
FILLER = {
    "the", "of", "for", "and", "in", "on", "a", "an", "at",
    "office", "ltd", "limited", "plc", "cic", "llp", "uk", "trust", "co",
}  # fmt: skip
SPELLINGS = {"&": "and", "centre": "center", "organisation": "organization"}


def name_words(name: str) -> frozenset[str]:
    """The words that identify a body, whatever their order, case or punctuation."""
    words = re.findall(r"[a-z0-9&]+", name.lower().replace("'", ""))
    return frozenset(SPELLINGS.get(word, word) for word in words) - FILLER


def likely_duplicates(name: str, limit: int = 5) -> list[Organisation]:
    """Organisations whose names are probably the same body as `name`: the same identifying
    words in any order, or all but one of them where there are at least three."""
    wanted = name_words(name)
    if not wanted:
        return []
    found = []
    for organisation in Organisation.objects.only("pk", "name", "short_name", "kind"):
        words = name_words(organisation.name)
        if not words:
            continue
        shared = len(wanted & words)
        differing = len(wanted ^ words)
        if differing == 0 or (shared >= 3 and differing <= 1):
            found.append(organisation)
        if len(found) >= limit:
            break
    return found
