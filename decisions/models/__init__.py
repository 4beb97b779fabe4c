"""Decision notes, in rooms: an office's forms (office_forms), the note itself (note), its parts
(parts), its sign-off (signoff), what of it is published (publication), the register's search
table (search), the audit trail's rows (audit) and the public's e-mail alerts (following).
Every model is importable from here, as `from decisions.models import Decision`."""

from decisions.exemptions import Exemption
from decisions.models.audit import AppendOnlyError, AuditEvent, AuditEventQuerySet, AuditHead
from decisions.models.cover import Cover, CoverQuerySet
from decisions.models.following import Alert, AlertQuerySet
from decisions.models.money import Fund, FundBalance, MoneyLine, PrintedFigure
from decisions.models.note import Decision, DecisionQuerySet
from decisions.models.notice import (
    NoticeChange,
    NoticeQuerySet,
    ProposedDecision,
    notice_rule_refusal,
    notice_rule_warnings,
)
from decisions.models.office_forms import HEADER_FACTS, DecisionTemplate, TemplateSection
from decisions.models.parts import (
    Appendix,
    ContributionTable,
    DecisionLink,
    LeadOfficer,
    OfficerPresent,
    Option,
    Recommendation,
    Revision,
    Risk,
    Section,
)
from decisions.models.publication import (
    PublicationDetermination,
    PublishedCopy,
    PublishedCopyQuerySet,
    published_pdf_path,
)
from decisions.models.search import RegisterSearchRow, RegisterSearchRowQuerySet
from decisions.models.signoff import (
    ApprovalRoute,
    Condition,
    Delegation,
    ReferenceCounter,
    RouteStep,
    SignOff,
)
from decisions.models.transcription import ImportBatch, ImportItem, Transcription

__all__ = [
    "HEADER_FACTS",
    "Alert",
    "AlertQuerySet",
    "AppendOnlyError",
    "Appendix",
    "ApprovalRoute",
    "AuditEvent",
    "AuditEventQuerySet",
    "AuditHead",
    "Condition",
    "ContributionTable",
    "Cover",
    "CoverQuerySet",
    "Decision",
    "DecisionLink",
    "DecisionQuerySet",
    "DecisionTemplate",
    "Delegation",
    "Exemption",
    "Fund",
    "FundBalance",
    "ImportBatch",
    "ImportItem",
    "LeadOfficer",
    "MoneyLine",
    "NoticeChange",
    "NoticeQuerySet",
    "OfficerPresent",
    "Option",
    "PrintedFigure",
    "ProposedDecision",
    "PublicationDetermination",
    "PublishedCopy",
    "PublishedCopyQuerySet",
    "Recommendation",
    "ReferenceCounter",
    "RegisterSearchRow",
    "RegisterSearchRowQuerySet",
    "Revision",
    "Risk",
    "RouteStep",
    "Section",
    "SignOff",
    "TemplateSection",
    "Transcription",
    "notice_rule_refusal",
    "notice_rule_warnings",
    "published_pdf_path",
]
