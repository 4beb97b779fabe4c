"""Who may do what: every address of the product, for every kind of person, by GET and by POST.

The table below is the product's access policy, one line an address. Each cell is what the
person gets: the status of a GET, then of a POST with an empty body ("200/405"), or one status
for both. "in" is a redirect to the sign-in page; "302" a redirect anywhere else. Where the
person may act, an empty POST shows the form again with what is missing (200), is refused in
the note's state (409) or does what needs no input (302, undone after each request); where they
may not, it is refused and changes nothing (checked on the rows that matter).

A new address without a line here fails the test, and so does a line without an address.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from commissioning.models import FundingSource, Office
from contracts.models import (
    Contract,
    ContractEvent,
    ContractParty,
    ContractYearValue,
    Contribution,
)
from decisions import publication, transcription
from decisions.forward_plan import services as forward_plan
from decisions.models import (
    Appendix,
    AuditEvent,
    Condition,
    Cover,
    Decision,
    Delegation,
    Fund,
    ImportBatch,
    MoneyLine,
    PublishedCopy,
    SignOff,
)
from decisions.public import ocds
from decisions.signoff import amendments, workflow
from tests.contracts.test_partners_and_values import joined_data
from tests.factories import (
    contribution_rows_data,
    date_fields,
    decision,
    docx_bytes,
    officer_of,
    organisation,
    ready_note,
    signing_team,
    walk_to_decision,
    year,
)

PERSONAS = {
    "anon": "anonymous",
    "drafter": "Staffordshire's drafting officer, who drafted the notes",
    "chief": "Staffordshire's Chief Executive",
    "monitor": "Staffordshire's Monitoring Officer, who also publishes",
    "s151": "Staffordshire's Chief Finance Officer",
    "legal": "Staffordshire's legal adviser",
    "pcc": "the Staffordshire Commissioner, the decision-maker",
    "admin": "an administrator (staff and superuser) who holds no role in an office",
    "other": "a drafting officer of Warwickshire, trying Staffordshire's notes and contract",
    "gone": "a deactivated user who was a Staffordshire drafting officer",
}

# The notes and contract each address is tried on (see `world` below):
#   draft      a draft note with a recommendation, an appendix file and the contract
#   in_review  a note waiting for the Chief Executive's signature, the first step
#   at_legal   a note at the legal adviser's step, which may be skipped
#   awaiting   a note waiting for the Commissioner's decision
#   decided    seed 000, SCP/D/202425/003: approved with a condition, published and corrected
#   amendment  a draft amending seed 000
#   contract   a contract Staffordshire leads, with a partner that is not on the product
ADDRESSES = {
    "contracts:detail": {"pk": "contract"},
    "contracts:record_event": {"pk": "contract"},
    "contracts:contributions": {"pk": "contract"},
    "contracts:partners": {"pk": "contract"},
    "contracts:year_values": {"pk": "contract"},
    "decisions:detail": {"pk": "draft"},
    "decisions:edit_details": {"pk": "draft"},
    "decisions:edit_whole": {"pk": "draft"},
    "decisions:edit_section": {"pk": "draft", "key": "section"},
    "decisions:edit_money": {"pk": "draft", "contract_pk": "contract"},
    "decisions:money_totals": {"pk": "draft", "contract_pk": "contract"},
    "decisions:edit_list": {"pk": "draft", "part": "list_part"},
    "decisions:appendices": {"pk": "draft"},
    "decisions:money": {"pk": "draft"},
    "decisions:add_money_line": {"pk": "draft"},
    "decisions:money_line": {"pk": "draft", "line_pk": "money_line"},
    "decisions:remove_money_line": {"pk": "draft", "line_pk": "money_line"},
    "decisions:add_fund": {"pk": "draft"},
    "decisions:fund": {"pk": "draft", "fund_pk": "fund"},
    "decisions:remove_fund": {"pk": "draft", "fund_pk": "fund"},
    "decisions:printed_figures": {"pk": "draft"},
    "decisions:import_batch": {"pk": "import_batch"},
    "decisions:end_cover": {"pk": "cover"},
    "decisions:transcription": {"pk": "transcribed"},
    "decisions:transcription_signers": {"pk": "transcribed"},
    "decisions:transcription_send": {"pk": "transcribed"},
    "decisions:transcription_confirm": {"pk": "transcribed"},
    "decisions:transcription_send_back": {"pk": "transcribed"},
    "decisions:original_file": {"pk": "transcribed"},
    "decisions:appendix_file": {"pk": "draft", "appendix_pk": "appendix"},
    "decisions:preview_pdf": {"pk": "draft"},
    "decisions:submit": {"pk": "draft"},
    "decisions:sign_off": {"pk": "in_review"},
    "decisions:sign": {"pk": "in_review"},
    "decisions:skip": {"pk": "at_legal"},
    "decisions:return": {"pk": "in_review"},
    "decisions:withdraw": {"pk": "in_review"},
    "decisions:decide": {"pk": "awaiting"},
    "decisions:resolve_condition": {"pk": "decided", "condition_pk": "condition"},
    "decisions:amend": {"pk": "decided"},
    "decisions:history": {"pk": "decided"},
    "decisions:publication": {"pk": "decided"},
    "decisions:publication_preview": {"pk": "decided"},
    "decisions:publish": {"pk": "decided"},
    "decisions:take_down": {"pk": "decided"},
    "decisions:compare": {"pk": "amendment"},
    "decisions:notice": {"pk": "notice"},
    "decisions:edit_notice": {"pk": "notice"},
    "decisions:publish_notice": {"pk": "notice"},
    "decisions:notice_due_date": {"pk": "notice"},
    "decisions:withdraw_notice": {"pk": "notice"},
    "decisions:note_notice": {"pk": "draft"},
    "public:notice": {"pk": "public_notice"},
    "public:decision": {"slug": "slug"},
    "public:decision_pdf": {"slug": "slug"},
    "public:copy_pdf": {"slug": "slug", "pk": "current_copy"},
    "public:earlier_version": {"slug": "slug", "pk": "earlier_copy"},
    "public:copy_appendix": {"slug": "slug", "pk": "current_copy", "number": "appendix_number"},
    "public:fund": {"office": "office", "pk": "public_fund"},
    "public:contract": {"pk": "public_contract"},
    "public:original": {"slug": "slug"},
    "public:fund_grants_json": {"office": "office", "pk": "public_fund"},
    "public:fund_grants_csv": {"office": "office", "pk": "public_fund"},
    "admin:auth_user_change": {"object_id": "drafter_id"},
    "office_setup:office": {"slug": "office"},
    "office_setup:details": {"slug": "office"},
    "office_setup:scheme": {"slug": "office"},
    "office_setup:scheme_preview": {"slug": "office"},
    "office_setup:thresholds": {"slug": "office"},
    "office_setup:delegations": {"slug": "office"},
    "office_setup:add_delegation": {"slug": "office"},
    "office_setup:delegation": {"slug": "office", "pk": "delegation"},
    "office_setup:funding_sources": {"slug": "office"},
    "office_setup:add_funding_source": {"slug": "office"},
    "office_setup:funding_source": {"slug": "office", "pk": "funding_source"},
    "office_setup:forms": {"slug": "office"},
    "office_setup:add_form": {"slug": "office"},
    "office_setup:form": {"slug": "office", "pk": "template"},
    "office_setup:people": {"slug": "office"},
    "office_setup:routes": {"slug": "office"},
    "office_setup:add_route": {"slug": "office"},
    "office_setup:route": {"slug": "office", "pk": "route"},
    "office_setup:invite": {"slug": "office"},
    "office_setup:give_role": {"slug": "office", "pk": "role_assignment"},
    "office_setup:end_role": {"slug": "office", "pk": "role_assignment"},
    "accept_invitation": {"uidb64": "uidb64", "token": "token"},
    "alerts:confirm": {"token": "token"},
    "alerts:unsubscribe": {"token": "token"},
    "alerts:manage": {"token": "token"},
}

# What the table says, in words:
# - Signed out, or deactivated (Django treats an inactive user's session as signed out), the
#   workspace sends you to sign in; the public pages and the sign-in steps are open to all.
# - Anyone holding a role in Staffordshire sees its notes and contracts, and may start or edit
#   a draft and record a contract and its rows (the office drafts together). The actions are
#   narrower: only the note's drafter (or its lead officers) submits or withdraws it, and only
#   a drafting officer starts an amendment; only the step's role signs (the Chief Executive
#   may also skip a step that may be skipped); anyone on the route but the drafter returns a
#   note; only the decision-maker decides or confirms a condition; only the Monitoring
#   Officer (Staffordshire's publication role) determines what is published and publishes.
# - Another office's notes and contract are 404, not 403: a 403 would tell a Warwickshire
#   officer that Staffordshire has unpublished work at that address.
# - The administrator holds no office role: the workspace refuses them (403); they use the
#   admin, which everyone else is sent away from.
# - The help pages are public: they hold nothing about any office or decision.
# - The e-mail alert pages are public and need no account: the links e-mailed to a subscriber
#   carry a signed token, and a token made up (as here) is refused with 404.
# - Pages that only show something take GET and HEAD (405 for a POST), except the feeds and
#   the sitemap, Django's own views, which answer any method with the same public content.
# - An office's set-up pages are for its office administrators (no persona here holds that
#   role) and for staff; the office's own people are refused (403), another office's get 404.
# - The keep-alive the edit pages call while someone types takes only POST, and answers 401
#   (not a redirect) when nobody is signed in, so that the page can say so.
# - The account and two-factor pages are "access"'s: signers must use two-factor, so their
#   set-up page sends them on (302) and they may not turn it off (403); a drafter without it
#   is sent back to the account page from the pages for changing it (302).
# fmt: off
MATRIX = """
                     anon    drafter chief   monitor s151    legal   pcc     admin   other   gone
home                 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
healthz              200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
login                200     200     200     200     200     200     200     200     200     200
logout               405/302 405/302 405/302 405/302 405/302 405/302 405/302 405/302 405/302 405/302
verify_code          in      302     302     302     302     302     302     302     302     in
account              in      200     200     200     200     200     200     200     200     in
keep_alive           405/401 405/200 405/200 405/200 405/200 405/200 405/200 405/200 405/200 405/401
two_factor_setup     in      200     302     302     302     302     302     302     200     in
recovery_codes       in      200     200     200     200     200     200     200     200     in
new_recovery_codes   in      302     200     200     200     200     200     200     302     in
turn_off_two_factor  in      302     403     403     403     403     403     403     302     in
accept_invitation    200     200     200     200     200     200     200     200     200     200

[contracts]
list                 in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
create               in      200     200     200     200     200     200     403     200     in
phasing              in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
add_organisation     in      200     200     200     200     200     200     403     200     in
contracts_csv        in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
contributions_csv    in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
detail               in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
record_event         in      200     200     200     200     200     200     403     404     in
contributions        in      200     200     200     200     200     200     403     404     in
partners             in      200     200     200     200     200     200     403     404     in
year_values          in      200     200     200     200     200     200     403     404     in

[decisions]
list                 in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
create               in      200     200     200     200     200     200     403     200     in
detail               in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
edit_details         in      200     200     200     200     200     200     403     404     in
edit_whole           in      200     200     200     200     200     200     403     404     in
edit_section         in      200     200     200     200     200     200     403     404     in
edit_list            in      200     200     200     200     200     200     403     404     in
edit_money           in      200     200     200     200     200     200     403     404     in
money_totals         in      405/400 405/400 405/400 405/400 405/400 405/400 405/403 405/404 in
appendices           in      200     200     200     200     200     200     403     404     in
money                in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
add_money_line       in      200     200     200     200     200     200     403     404     in
money_line           in      200     200     200     200     200     200     403     404     in
remove_money_line    in      405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
add_fund             in      200     200     200     200     200     200     403     404     in
fund                 in      200     200     200     200     200     200     403     404     in
remove_fund          in      405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
printed_figures      in      200     200     200     200     200     200     403     404     in
record_taken         in      200     200     200     200     200     200     403     200     in
import               in      200     200     200     200     200     200     403     200     in
import_batch         in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
cover                in      200/403 200     200     200     200     200     403     200/403 in
end_cover            in      405/403 405/403 405/302 405/403 405/302 405/403 405/403 405/404 in
subscriber_data      in      403     403     200     403     403     403     403     403     in
transcription        in      200     200     200     200     200     200     403     404     in
transcription_signers in     200     200     200     200     200     200     403     404     in
transcription_send   in      405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
transcription_confirm in     405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
transcription_send_back in   405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
original_file        in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
appendix_file        in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
preview_pdf          in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
submit               in      405/302 405/403 405/403 405/403 405/403 405/403 405/403 405/404 in
sign_off             in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
sign                 in      405/403 405/200 405/403 405/403 405/403 405/403 405/403 405/404 in
skip                 in      405/403 405/200 405/403 405/403 405/200 405/403 405/403 405/404 in
return               in      405/403 405/200 405/200 405/200 405/200 405/200 405/403 405/404 in
withdraw             in      405/302 405/403 405/403 405/403 405/403 405/403 405/403 405/404 in
decide               in      405/403 405/403 405/403 405/403 405/403 405/200 405/403 405/404 in
resolve_condition    in      405/403 405/403 405/403 405/403 405/403 405/200 405/403 405/404 in
amend                in      405/302 405/403 405/403 405/403 405/403 405/403 405/403 405/404 in
history              in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
compare              in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
publication          in      200/403 200/403 200     200/403 200/403 200/403 403     404     in
publication_preview  in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
publish              in      403     403     200     403     403     403     403     404     in
take_down            in      405/403 405/403 405/200 405/403 405/403 405/403 405/403 405/404 in
notices              in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 200/405 in
create_notice        in      200     200     200     200     200     200     403     200     in
notice               in      200/405 200/405 200/405 200/405 200/405 200/405 403/405 404/405 in
edit_notice          in      200     200     200     200     200     200     403     404     in
publish_notice       in      405/302 405/302 405/302 405/302 405/302 405/302 405/403 405/404 in
notice_due_date      in      405/200 405/200 405/200 405/200 405/200 405/200 405/403 405/404 in
withdraw_notice      in      405/200 405/200 405/200 405/200 405/200 405/200 405/403 405/404 in
note_notice          in      200     200     200     200     200     200     403     404     in

[office_setup]
index                in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 403/405 in
create               in      403     403     403     403     403     403     200     403     in
office               in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
details              in      403     403     403     403     403     403     200     404     in
scheme               in      403     403     403     403     403     403     200     404     in
scheme_preview       in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
thresholds           in      403     403     403     403     403     403     200     404     in
routes               in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
add_route            in      403     403     403     403     403     403     200     404     in
route                in      403     403     403     403     403     403     200     404     in
delegations          in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
add_delegation       in      403     403     403     403     403     403     200     404     in
delegation           in      403     403     403     403     403     403     200     404     in
funding_sources      in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
add_funding_source   in      403     403     403     403     403     403     200     404     in
funding_source       in      403     403     403     403     403     403     200     404     in
forms                in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
add_form             in      403     403     403     403     403     403     200     404     in
form                 in      403     403     403     403     403     403     200     404     in
people               in      403/405 403/405 403/405 403/405 403/405 403/405 200/405 404/405 in
invite               in      403     403     403     403     403     403     200     404     in
give_role            in      403     403     403     403     403     403     200     404     in
end_role             in      405/403 405/403 405/403 405/403 405/403 405/403 405/302 405/404 in

[public]
register             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
register_csv         200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
register_json        200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
feed                 200     200     200     200     200     200     200     200     200     200
feed_rss             200     200     200     200     200     200     200     200     200     200
decision             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
decision_pdf         302/405 302/405 302/405 302/405 302/405 302/405 302/405 302/405 302/405 302/405
copy_pdf             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
earlier_version      200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
copy_appendix        404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405
contracts            200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
grants_json          200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
grants_csv           200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
fund                 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
original             404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405 404/405
fund_grants_json     200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
fund_grants_csv      200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
contracts_ocds       200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
contract             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
contracts_csv        200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
forward_plan         200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
forward_plan_feed    200     200     200     200     200     200     200     200     200     200
forward_plan_ics     200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
notice               200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
accessibility        200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
sitemap              200     200     200     200     200     200     200     200     200     200

[alerts]
subscribe            200     200     200     200     200     200     200     200     200     200
check_inbox          200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
confirm              404     404     404     404     404     404     404     404     404     404
unsubscribe          404     404     404     404     404     404     404     404     404     404
manage_request       200     200     200     200     200     200     200     200     200     200
manage               404     404     404     404     404     404     404     404     404     404
privacy              200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405

[help]
index                200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
drafting             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
signing              200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
deciding             200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
publishing           200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
record_taken         200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405
office_setup         200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405 200/405

[admin]
index                in      in      in      in      in      in      in      200     in      in
auth_user_changelist in      in      in      in      in      in      in      200     in      in
auth_user_change     in      in      in      in      in      in      in      200     in      in
"""
# fmt: on


def _parse(table: str) -> dict[str, dict[str, tuple[str, str]]]:
    """{"decisions:sign": {"anon": ("in", "in"), "drafter": ("405", "403"), ...}, ...}"""
    header, *rows = (line.split() for line in table.strip().splitlines() if line.strip())
    assert header == list(PERSONAS), "The matrix's columns are the personas, in order."
    matrix, namespace = {}, ""
    for first, *cells in rows:
        if first.startswith("["):
            namespace = first.strip("[]") + ":"
            continue
        name = namespace + first
        assert len(cells) == len(PERSONAS), f"{name} needs a cell for each persona"
        assert name not in matrix, f"{name} has two lines"
        matrix[name] = {
            persona: tuple(cell.split("/")) if "/" in cell else (cell, cell)
            for persona, cell in zip(PERSONAS, cells, strict=True)
        }
    return matrix


EXPECTED = _parse(MATRIX)

# The admin is Django's own: the matrix has lines for its index, a model's list and one of its
# pages (the users', the most sensitive); test_the_whole_admin_is_for_staff_only tries every
# other address under admin/.
ADMIN_IN_MATRIX = {"admin:index", "admin:auth_user_changelist", "admin:auth_user_change"}


# The addresses ----------------------------------------------------------------------------------


def _walk(resolver, namespace=(), prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _walk(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespace, pattern.name)) if pattern.name else None
            yield name, route


def product_addresses() -> set[str]:
    """Every address of the product outside the admin, by its name ("decisions:sign_off"); one
    without a name by its route, which the test then asks to be named."""
    return {
        name or f"(unnamed) {route}"
        for name, route in _walk(get_resolver())
        if not route.startswith("admin/")
    }


def test_every_address_has_a_line_in_the_matrix():
    missing = sorted(product_addresses() - set(EXPECTED))
    assert not missing, (
        "These addresses have no line in the permission matrix. Add a line for each to MATRIX "
        "in tests/security/test_permission_matrix.py saying what each persona gets by GET and "
        "by POST (and, if it takes arguments, which object to try it on in ADDRESSES): "
        + ", ".join(missing)
    )


def test_every_line_of_the_matrix_is_an_address():
    stale = sorted(set(EXPECTED) - product_addresses() - ADMIN_IN_MATRIX)
    assert not stale, f"These lines of the matrix name no address of the product: {stale}"
    assert set(EXPECTED) >= ADMIN_IN_MATRIX
    for name in ADMIN_IN_MATRIX:
        assert resolve(reverse(name, kwargs={"object_id": 1} if name in ADDRESSES else None))


# The people and the objects they try ------------------------------------------------------------


@dataclass(frozen=True)
class World:
    users: dict
    draft: int
    in_review: int
    at_legal: int
    awaiting: int
    decided: int
    amendment: int
    condition: int
    appendix: int
    section: str
    list_part: str
    contract: int
    slug: str
    earlier_copy: int
    current_copy: int
    drafter_id: int
    unpublished: tuple[str, ...]
    office: str = "staffordshire"
    role_assignment: int = 0
    route: int = 0
    delegation: int = 0
    template: int = 0
    money_line: int = 0
    fund: int = 0
    public_fund: int = 0
    funding_source: int = 0
    transcribed: int = 0
    import_batch: int = 0
    cover: int = 0
    public_contract: int = 0
    notice: int = 0
    public_notice: int = 0
    # The decided note publishes no appendix file: its first has no address that answers.
    appendix_number: int = 1
    uidb64: str = "MQ"
    token: str = "not-a-token"

    def address(self, name: str) -> str:
        kwargs = {key: getattr(self, field) for key, field in ADDRESSES.get(name, {}).items()}
        return reverse(name, kwargs=kwargs or None)


PDF = b"%PDF-1.7\n% a stand-in: this module tests who may fetch a PDF, not how it is drawn\n"


@pytest.fixture(scope="module", autouse=True)
def quick_pdfs():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("decisions.pdf.render_record_pdf", lambda *args, **kwargs: PDF)
        patch.setattr("decisions.pdf.render_public_pdf", lambda *args, **kwargs: PDF)
        yield


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media, quick_pdfs):
    """Built once for the module inside a transaction rolled back at its end, so the rest of
    the suite never sees it; each test runs in a savepoint inside it, and each request of the
    matrix in one more, undone at once."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        staffordshire = Office.objects.get(slug="staffordshire")
        team = signing_team(staffordshire)
        admin = get_user_model().objects.create_superuser(
            "matrix.admin", "matrix.admin@example.org", "demo-password"
        )
        other = officer_of(Office.objects.get(slug="warwickshire"), "warks.officer")
        gone = officer_of(staffordshire, "gone.officer")
        gone.is_active = False
        gone.save(update_fields=["is_active"])

        contract = Contract.objects.create(
            title="Matrix unpublished counselling contract",
            lead_commissioner=organisation("Staffordshire"),
            provider=organisation("Cranstoun"),
            procurement_route="open",
            initial_term_months=12,
        )
        ContractParty.objects.create(contract=contract, organisation=organisation("West Mercia"))

        drafter = team["officer"]
        draft = ready_note(staffordshire, drafter, "Matrix unpublished draft note")
        draft.contracts.add(contract)
        appendix = Appendix.objects.create(
            decision=draft,
            position=1,
            title="Memorandum of Understanding",
            file=ContentFile(docx_bytes(), name="mou.docx"),
        )
        in_review = ready_note(staffordshire, drafter, "Matrix unpublished note in review")
        in_review = workflow.submit(in_review, drafter)
        at_legal = ready_note(staffordshire, drafter, "Matrix unpublished note at legal")
        at_legal = workflow.submit(at_legal, drafter)
        for signer in ("chief_executive", "monitoring_officer", "s151"):
            at_legal = workflow.sign(
                at_legal,
                team[signer],
                step_id=at_legal.current_step_id,
                confirmed=True,
                comment="Seen.",
            )
        awaiting = ready_note(staffordshire, drafter, "Matrix unpublished note for decision")
        awaiting = walk_to_decision(awaiting, team)

        decided = decision("SCP/D/202425/003")
        first = decided.published_copies.get(is_current=True)
        current = publication.publish(
            decided, team["monitoring_officer"], correction_note="A typo corrected."
        )
        publication.store_pdf(current.pk)
        amendment = amendments.start_amendment(decided, drafter)
        source = FundingSource.objects.create(
            office=staffordshire, name="Matrix community safety fund", kind="own_fund"
        )
        money_line = MoneyLine.objects.create(
            decision=draft,
            recipient=organisation("Cranstoun"),
            purpose="Matrix unpublished grant",
            source=source,
            amount=Decimal("1234.56"),
            first_year=year("2025/26"),
        )
        draft_fund = Fund.objects.create(
            office=staffordshire,
            decision=draft,
            name="Matrix unpublished fund",
            source=source,
            total=Decimal("5000"),
        )
        transcribed = transcription.record_taken(
            staffordshire,
            staffordshire.templates.get(is_default=True),
            user=drafter,
            title="Matrix unpublished transcribed decision",
            reference="MATRIX/OLD/1",
            outcome="approved",
            dates={"decided_on": datetime.date(2023, 10, 3)},
            original=ContentFile(docx_bytes(), name="signed.docx"),
            original_name="signed.docx",
        )
        public_fund = Fund.objects.create(
            office=staffordshire,
            decision=decided,
            name="Matrix published fund",
            source=source,
            total=Decimal("9000"),
        )

        draft_notice = forward_plan.create_notice(
            staffordshire,
            drafter,
            title="Matrix unpublished notice of a proposed decision",
            summary="Not yet on the forward plan.",
            decision_maker="Staffordshire Commissioner",
            due_on=datetime.date.today() + datetime.timedelta(days=40),
            contact="Pete Scott",
        )
        public_notice = forward_plan.publish_notice(
            forward_plan.create_notice(
                staffordshire,
                drafter,
                title="Matrix published notice",
                summary="On the forward plan.",
                decision_maker="Staffordshire Commissioner",
                due_on=datetime.date.today() + datetime.timedelta(days=40),
                contact="Pete Scott",
            ),
            drafter,
        )

        yield World(
            notice=draft_notice.pk,
            public_notice=public_notice.pk,
            users={
                "drafter": drafter,
                "chief": team["chief_executive"],
                "monitor": team["monitoring_officer"],
                "s151": team["s151"],
                "legal": team["legal"],
                "pcc": team["commissioner"],
                "admin": admin,
                "other": other,
                "gone": gone,
            },
            draft=draft.pk,
            in_review=in_review.pk,
            at_legal=at_legal.pk,
            awaiting=awaiting.pk,
            decided=decided.pk,
            amendment=amendment.pk,
            condition=decided.conditions.get().pk,
            appendix=appendix.pk,
            section=draft.sections.first().key,
            list_part="recommendations",
            contract=contract.pk,
            slug=current.slug,
            earlier_copy=first.pk,
            current_copy=current.pk,
            drafter_id=drafter.pk,
            role_assignment=drafter.person.roles.get().pk,
            route=staffordshire.routes.get(is_default=True).pk,
            template=staffordshire.templates.get(is_default=True).pk,
            delegation=Delegation.objects.create(
                office=staffordshire,
                delegated_by="the Staffordshire Commissioner",
                delegate=drafter.person,
                delegate_title="Head of Commissioning",
                scope="Grants from the Community Safety Fund",
            ).pk,
            money_line=money_line.pk,
            fund=draft_fund.pk,
            public_fund=public_fund.pk,
            funding_source=source.pk,
            transcribed=transcribed.pk,
            import_batch=ImportBatch.objects.create(
                office=staffordshire, kind="log", started_by=drafter, name="log.csv"
            ).pk,
            public_contract=ocds.public_contracts()[0]["id"],
            # The legal adviser covers for the Monitoring Officer this week.
            cover=Cover.objects.create(
                office=staffordshire,
                role="monitoring_officer",
                absent=team["monitoring_officer"].person,
                deputy=team["legal"].person,
                starts_on=datetime.date.today(),
                ends_on=datetime.date.today() + datetime.timedelta(days=7),
            ).pk,
            unpublished=(
                draft_notice.title,
                transcribed.title,
                contract.title,
                draft_fund.name,
                money_line.purpose,
                draft.title,
                in_review.title,
                at_legal.title,
                awaiting.title,
            ),
        )
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(world, media, settings):
    """The module's files (the appendix, the published PDF) stay where the world put them."""
    settings.MEDIA_ROOT = media
    cache.clear()


def client_for(persona: str, world: World, **options) -> Client:
    client = Client(**options)
    if persona != "anon":
        client.force_login(world.users[persona])
    return client


# What happened ----------------------------------------------------------------------------------

SIGN_IN = ("/sign-in/",)
# The admin sends people to its own sign-in address, which sends them on to the product's.
ADMIN_SIGN_IN = ("/admin/login/", "/sign-in/")


def outcome(response, sign_in=SIGN_IN) -> str:
    if response.status_code == 302:
        return "in" if response["Location"].startswith(sign_in) else "302"
    return str(response.status_code)


def request(client: Client, method: str, url: str, *, unchanged: bool = False):
    """The request, undone afterwards (its rows rolled back, the client's cookies restored),
    so that each person tries the same objects in the same state. With `unchanged`, it fails
    if the request changed any of the rows `snapshot` reads."""
    cookies = dict(client.cookies)
    with transaction.atomic():
        before = snapshot() if unchanged else None
        response = getattr(client, method)(url)
        if unchanged:
            assert snapshot() == before, f"{method.upper()} {url} changed something"
        transaction.set_rollback(True)
    client.cookies.clear()
    client.cookies.update(cookies)
    return response


def snapshot() -> list:
    """The rows a refused POST could change: every note's state and version (any change to a
    note's text moves its version), its trail and sign-offs, published copies, conditions, and
    contracts with their partners and money."""
    return [
        list(
            Decision.objects.order_by("pk").values_list(
                "pk", "status", "version", "current_step_id", "reference", "updated_at"
            )
        ),
        AuditEvent.objects.count(),
        SignOff.objects.count(),
        Appendix.objects.count(),
        list(PublishedCopy.objects.order_by("pk").values_list("pk", "is_current")),
        list(Condition.objects.order_by("pk").values_list("pk", "status")),
        list(Contract.objects.order_by("pk").values_list("pk", "title", "ends_on")),
        list(ContractParty.objects.order_by("pk").values_list("pk", "joined_on")),
        ContractEvent.objects.count(),
        Contribution.objects.count(),
        ContractYearValue.objects.count(),
        list(get_user_model().objects.order_by("pk").values_list("pk", "is_active", "is_staff")),
    ]


def text_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# The matrix -------------------------------------------------------------------------------------

OUTSIDERS = ("anon", "admin", "other", "gone")
REFUSALS = ("200", "403", "404", "409")


def _cell(get: str, post: str) -> str:
    return get if get == post else f"{get}/{post}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_person_gets_what_the_matrix_says(world, persona):
    """A person at a time (signing in costs more than most requests), every address in turn.
    Also: no POST that is not a success changes anything, and no page shown to someone outside
    Staffordshire names its unpublished notes or contract."""
    client = client_for(persona, world)
    wrong, leaks = [], []
    for name, cells in sorted(EXPECTED.items()):
        url = world.address(name)
        sign_in = ADMIN_SIGN_IN if name.startswith("admin:") else SIGN_IN
        expected = cells[persona]
        get = request(client, "get", url)
        post = request(client, "post", url, unchanged=expected[1] in REFUSALS)
        observed = (outcome(get, sign_in), outcome(post, sign_in))
        if observed != expected:
            wrong.append(f"{name:<30} {_cell(*expected):<8} {_cell(*observed):<8} {url}")
        if persona in OUTSIDERS and not name.startswith("admin:"):
            for response in (get, post):
                shown = text_of(response) if response.status_code == 200 else ""
                leaks += [(url, title) for title in world.unpublished if title in shown]
    assert not wrong, f"What {PERSONAS[persona]} gets differs from the matrix:\n" + "\n".join(
        [f"{'address':<30} {'expected':<8} {'observed':<8}", *wrong]
    )
    assert not leaks, f"{PERSONAS[persona]} is shown unpublished Staffordshire work: {leaks}"


def admin_addresses() -> list[str]:
    """An address for each pattern under admin/, with made-up arguments: the admin refuses
    anyone who is not staff before it looks at them."""
    addresses = []
    for name, route in _walk(get_resolver()):
        if not route.startswith("admin/") or name == "admin:login":
            continue
        path = re.sub(r"\(\?P<app_label>(\w+)[^)]*\)", r"\1", route)
        path = re.sub(r"\(\?P<url>\.\*\)", "no-such-page/", path)
        path = re.sub(r"<(?:\w+:)?\w+>", "1", path)
        path = "/" + path.replace("^", "").replace("$", "")
        match = resolve(path)
        assert name is None or match.view_name == name, (name, path)
        addresses.append(path)
    return addresses


def refused_by_the_admin(response, path: str) -> bool:
    if path == reverse("admin:logout"):
        # Django sends anyone but staff from the admin's sign-out to its index, which refuses.
        return response.status_code == 302 and response["Location"] == reverse("admin:index")
    return outcome(response, ADMIN_SIGN_IN) == "in"


def test_the_whole_admin_is_for_staff_only(world):
    addresses = admin_addresses()
    assert len(addresses) > 60  # every registered model's pages, not just the index
    # Every address for the most trusted person who is not staff, and for someone signed out;
    # the matrix tries the admin's index and the users' pages on everyone.
    for persona, methods in (("anon", ["get"]), ("pcc", ["get", "post"])):
        client = client_for(persona, world)
        for path in addresses:
            for method in methods:
                response = request(client, method, path)
                assert refused_by_the_admin(response, path), (persona, method, path)


def test_every_post_without_the_csrf_token_is_refused(world):
    """The matrix's client leaves CSRF out to reach the views; a browser cannot: no address
    takes a POST without the form's token."""
    officer = client_for("drafter", world, enforce_csrf_checks=True)
    staff = client_for("admin", world, enforce_csrf_checks=True)
    for name in sorted(EXPECTED):
        client = staff if name.startswith("admin:") else officer
        refused = request(client, "post", world.address(name)).status_code
        assert refused == (404 if name in CSRF_EXEMPT else 403), name


# One-click unsubscribe (RFC 8058): the mail client POSTs with no page, so no CSRF token; the
# signed token in the address is its only authority, and a made-up one is refused (404).
CSRF_EXEMPT = {"alerts:unsubscribe"}


# Forged rows -------------------------------------------------------------------------------


def test_a_made_up_row_on_the_partners_page_is_refused_not_called_saved(world, pads):
    """Staffordshire keeps its own and West Mercia's joining dates on the regional PADS
    contract; Warwickshire keeps its own. A form made up to change Warwickshire's row was
    dropped by the formset and the page said "saved"."""
    client = client_for("drafter", world)
    url = reverse("contracts:partners", args=[pads.pk])
    warwickshire = pads.parties.get(organisation=organisation("Warwickshire"))
    before = warwickshire.joined_on
    data = joined_data([warwickshire], Warwickshire=datetime.date(2024, 1, 1))

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "joining dates saved" not in page
    assert "This page is out of date, or names a row" in page
    warwickshire.refresh_from_db()
    assert warwickshire.joined_on == before


def test_a_row_added_to_the_partners_page_is_refused(world, pads):
    client = client_for("drafter", world)
    url = reverse("contracts:partners", args=[pads.pk])
    parties = pads.parties.filter(organisation=organisation("Staffordshire"))
    count = pads.parties.count()
    data = joined_data(parties)
    data |= {"form-TOTAL_FORMS": "2", "form-1-id": ""}
    data |= date_fields("form-1-joined_on", datetime.date(2024, 1, 1))

    response = client.post(url, data)

    assert response.status_code == 200
    assert "This page is out of date, or names a row" in response.content.decode()
    assert pads.parties.count() == count


def test_a_made_up_row_on_the_values_page_is_refused_not_called_saved(world, pads):
    """The year values page of Staffordshire's own contract, posted with a row of the PADS
    contract's values: the formset dropped it and the page said the values were saved."""
    client = client_for("drafter", world)
    url = reverse("contracts:year_values", args=[world.contract])
    theirs = pads.year_values.first()
    before = (theirs.financial_year_id, theirs.amount)
    row = {"id": theirs.pk, "financial_year": year("2025/26").pk, "amount": "5.00", "note": ""}

    response = client.post(url, contribution_rows_data([row], initial=1))

    assert response.status_code == 200
    assert "This page is out of date, or names a row" in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.financial_year_id, theirs.amount) == before
    assert not ContractYearValue.objects.filter(contract_id=world.contract).exists()
