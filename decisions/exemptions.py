"""The Freedom of Information Act 2000 exemptions an office may cite for withholding: the one
list, used by the models, the sanitiser (which keeps a marked passage only with one of these
codes), the forms, the published notices and, through decisions.editor_rules, the editor's
JavaScript."""

from django.db import models


class Exemption(models.TextChoices):
    """Freedom of Information Act 2000 exemptions an office may cite for withholding."""

    S21 = "s21", "Section 21, information accessible by other means"
    S22 = "s22", "Section 22, information intended for future publication"
    S23 = "s23", "Section 23, security bodies"
    S24 = "s24", "Section 24, national security"
    S30 = "s30", "Section 30, investigations and proceedings"
    S31 = "s31", "Section 31, law enforcement"
    S32 = "s32", "Section 32, court records"
    S36 = "s36", "Section 36, prejudice to effective conduct of public affairs"
    S38 = "s38", "Section 38, health and safety"
    S40 = "s40", "Section 40, personal information"
    S41 = "s41", "Section 41, information provided in confidence"
    S42 = "s42", "Section 42, legal professional privilege"
    S43 = "s43", "Section 43, commercial interests"
    S44 = "s44", "Section 44, prohibitions on disclosure"


def redaction_notice(*exemptions: str) -> str:
    """What the public sees where something was removed, citing the exemptions:
    "[Redacted: section 43, commercial interests]"."""
    labels = [Exemption(code).label for code in exemptions if code in Exemption.values]
    if not labels:
        return "[Redacted]"
    return "[Redacted: " + "; ".join(label[:1].lower() + label[1:] for label in labels) + "]"
