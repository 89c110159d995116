"""Who may open which page: every role against every URL, including other initiatives' objects.

A coordinator (role `coordinator`) has an initiative of their own (`client.own_initiative`);
every object made below belongs to someone else, so staff pages and other initiatives answer
404 for them. Their own initiative is covered by OWN_MATRIX at the end.
"""

import pytest

from accounts.tests.factories import UserFactory
from core.testing import assert_access, matrix_params, named_url_patterns
from neighbourhoods.tests.factories import BuurtFactory
from partnerships.tests.factories import InitiativeFactory

ALL_STAFF = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 404}
BEHEERDER_ONLY = {"anonymous": 302, "beheerder": 200, "medewerker": 403, "lezer": 403, "coordinator": 404}
EDITORS = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 403, "coordinator": 404}
SIGNED_IN = {"anonymous": 302, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 200}
PUBLIC = {"anonymous": 200, "beheerder": 200, "medewerker": 200, "lezer": 200, "coordinator": 200}
NOWHERE = {"anonymous": 404, "beheerder": 404, "medewerker": 404, "lezer": 404, "coordinator": 404}
GONE = {role: 410 for role in PUBLIC}
POST_ONLY = {role: 405 for role in PUBLIC}
REDIRECTED = {role: 302 for role in PUBLIC}  # anonymous users to the login page


def redirecting(expectations, *roles):
    """The same expectations, with a redirect (302) after success for `roles`."""
    return {**expectations, **{role: 302 for role in roles}}


def other_user(client):
    return {"pk": UserFactory().pk}


def a_buurt(client):
    return {"code": BuurtFactory().code}


def a_goal(client):
    from neighbourhoods import services

    goal = services.create_goal(
        actor=None, values={"horizon": "kort", "title": "x", "neighbourhoods": [BuurtFactory()]}
    )
    return {"pk": goal.pk}


def a_framework(client):
    from neighbourhoods.models import RoleFramework

    return {"pk": RoleFramework.objects.first().pk}


def a_framework_for_new_role(client):
    return {"framework": a_framework(client)["pk"]}


def a_role(client):
    from neighbourhoods.models import Role

    return {"pk": Role.objects.first().pk}


def other_initiative(client):
    return {"pk": InitiativeFactory().pk}


def other_invitation(client):
    from datetime import timedelta

    from django.utils import timezone

    from partnerships.models import Invitation

    invitation = Invitation.objects.create(
        initiative=InitiativeFactory(),
        email="x@example.org",
        token_hash=UserFactory().email.ljust(64, "0")[:64],
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"pk": invitation.pk}


def a_draft(client):
    from policies.models import PolicyVersion

    return {"pk": PolicyVersion.objects.create(number=7).pk}


def a_published_version(client):
    from policies.models import PolicyVersion

    return {"pk": PolicyVersion.objects.create(number=3, status="published").pk}


def a_partnership(client=None, initiative=None):
    from partnerships.tests.factories import PartnershipFactory

    if initiative is not None:
        return PartnershipFactory(initiative=initiative)
    return PartnershipFactory()


def other_partnership(client):
    return {"pk": a_partnership().pk}


def a_conversation(partnership):
    import datetime

    from partnerships import services

    return services.add_conversation(partnership, actor=None, values={"date": datetime.date(2026, 1, 1)})


def other_conversation(client):
    return {"pk": a_conversation(a_partnership()).pk}


def other_need(client):
    from partnerships import services

    need = services.add_need(
        a_conversation(a_partnership()),
        actor=None,
        values={"direction": "initiative", "category": "data", "description": "x"},
    )
    return {"pk": need.pk}


def other_activity(client):
    from partnerships import services

    return {"pk": services.add_activity(a_partnership(), actor=None, values={"what": "x", "responsible": "open"}).pk}


def a_stop_proposal(partnership, side):
    from partnerships import services

    return services.propose_stop(partnership, actor=None, reasons="Te ver uit elkaar", side=side)


def other_proposal_of(side):
    def make(client):
        return {"pk": a_stop_proposal(a_partnership(), side).pk}

    return make


def own_proposal_of(side):
    def make(client):
        return {"pk": a_stop_proposal(a_partnership(initiative=client.own_initiative), side).pk}

    return make


def own_activity_of(responsible):
    def make(client):
        from partnerships import services

        partnership = a_partnership(initiative=client.own_initiative)
        activity = services.add_activity(partnership, actor=None, values={"what": "x", "responsible": responsible})
        return {"pk": activity.pk}

    return make


ANSWERS = {
    "goal_clear": True,
    "exploring": True,
    "narrow_goals": False,
    "project_development": False,
    "large_scale": False,
    "last_recalibrated": None,
}


def other_assessment(client):
    from partnerships import services

    assessment, _ = services.record_assessment(a_partnership(), actor=None, answers=ANSWERS)
    return {"pk": assessment.pk}


def other_discussion(client):
    from wijkkompas import services

    return {"pk": services.start_discussion(a_partnership(), actor=None).pk}


def a_node(client):
    from wijkkompas.models import Node

    return {"pk": Node.objects.first().pk}


def a_track(client):
    from wijkkompas.models import Track

    return {"pk": Track.objects.first().pk}


def a_phase(client):
    from wijkkompas.models import Phase

    return {"pk": Phase.objects.first().pk}


def a_draft_of(partnership):
    from agreements import services

    return services.create_draft(partnership, form="samenwerkingsverklaring", actor=None)


def other_agreement(client):
    return {"pk": a_draft_of(a_partnership()).pk}


def other_section(client):
    return {"pk": a_draft_of(a_partnership()).sections.get(key="uitgangspunten").pk}


def other_version(client):
    from agreements import services

    return {"pk": services.freeze(a_draft_of(a_partnership()), actor=None).pk}


def a_signed_draft(partnership):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from agreements import services

    draft = a_draft_of(partnership)
    version = services.freeze(draft, actor=None)
    services.agree(version, side="municipality", actor=None)
    services.agree(version, side="initiative", actor=None)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    draft.refresh_from_db()
    services.upload_scan(draft, actor=None, upload=SimpleUploadedFile("getekend.pdf", out.getvalue()))
    return draft


def other_signed_agreement(client):
    return {"pk": a_signed_draft(a_partnership()).pk}


def a_municipality_signatory(client):
    from agreements import services

    signatory = services.add_signatory(actor=None, values={"name": "x", "function": "wethouder", "mandate": ""})
    return {"pk": signatory.pk}


def a_scan_of(partnership):
    from django.core.files.base import ContentFile

    from agreements import services
    from agreements.models import SignedScan

    draft = a_draft_of(partnership)
    content = b"%PDF-1.4\n%%EOF\n"
    return SignedScan.objects.create(
        draft=draft,
        version=services.freeze(draft, actor=None),
        file=ContentFile(content, name="getekend.pdf"),
        original_name="getekend.pdf",
        size=len(content),
        sha256="0" * 64,
    )


def other_scan(client):
    return {"pk": a_scan_of(a_partnership()).pk}


def a_document_of(partnership, *, shared=True, actor=None):
    from documents import services
    from documents.tests import files

    return services.upload(
        partnership, actor=actor, upload=files.upload(files.pdf(), "stuk.pdf"), title="Stuk", shared=shared
    )


def other_document(client):
    return {"pk": a_document_of(a_partnership()).pk}


def other_document_version(client):
    return {"pk": a_document_of(a_partnership()).current_id}


def a_clause(client):
    from agreements.models import Clause

    return {"pk": Clause.objects.create(section="overleg", title="x", text="y").pk}


def other_initiative_key(client):
    return {"key": InitiativeFactory().pk}


def other_partnership_key(client):
    return {"key": a_partnership().pk}


def a_buurt_key(client):
    return {"key": BuurtFactory().code}


def a_municipality_logo(client):
    from neighbourhoods.tests.factories import MunicipalityFactory, logo_upload

    MunicipalityFactory(logo=logo_upload())
    return {}


def a_coordinator_account(client):
    return {"pk": UserFactory(role="coordinator").pk}


def a_buurt_code(client):
    return {"code": BuurtFactory().code}


def a_published_partnership(client):
    from api.tests.helpers import published_partnership

    return {"pk": published_partnership(BuurtFactory()).pk}


def a_published_way_of_working(client):
    from policies.models import PolicyVersion

    return {"number": PolicyVersion.objects.create(number=3, status="published").number}


def a_current_way_of_working(client):
    a_published_way_of_working(client)
    return {}


def an_api_key(client):
    from api import services

    return {"pk": services.issue_key(name="Netbeheerder", actor=None)[0].pk}


def a_meeting_of(partnership, *, report=False):
    import datetime

    from django.utils import timezone

    from meetings import services

    meeting = services.plan_meeting(
        partnership,
        actor=None,
        values={"starts_at": timezone.now() + datetime.timedelta(days=3), "location": "Buurthuis"},
    )
    if report:
        services.write_report(meeting, actor=None, discussed="Besproken")
    return meeting


def other_meeting(client):
    return {"pk": a_meeting_of(a_partnership()).pk}


def other_reported_meeting(client):
    return {"pk": a_meeting_of(a_partnership(), report=True).pk}


def someone_elses_notification(client):
    """A notification for another person, in another initiative: a 404 for everyone signed in."""
    from notifications.models import Notification

    partnership = a_partnership()
    return {"pk": Notification.objects.create(recipient=UserFactory(), partnership=partnership, kind="x").pk}


def an_unsubscribe_link(client):
    from notifications import mail

    return {"token": mail.unsubscribe_token(UserFactory())}


MATRIX = [
    ("overview:home", {}, "get", SIGNED_IN),  # coordinators get a dashboard of their own
    ("core:healthz", {}, "get", PUBLIC),
    ("overview:reminders", {}, "get", SIGNED_IN),  # only ever the person's own items
    ("accounts:profile", {}, "get", SIGNED_IN),
    ("accounts:password_change", {}, "get", SIGNED_IN),
    ("accounts:user_list", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_create", {}, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "get", BEHEERDER_ONLY),
    ("accounts:user_update", other_user, "post", BEHEERDER_ONLY),
    # Signed in, the login page sends you on to the home page.
    ("accounts:login", {}, "get", {**REDIRECTED, "anonymous": 200}),
    ("accounts:logout", {}, "get", POST_ONLY),  # a link cannot log anyone out
    ("accounts:logout", {}, "post", REDIRECTED),  # to the login page
    ("accounts:set_language", {}, "get", POST_ONLY),
    # Without `next` (or a Referer) the language switch returns to the start page, for everyone.
    ("accounts:set_language", {}, "post", {role: (302, "/") for role in PUBLIC}),
    ("accounts:two_factor_verify", {}, "get", SIGNED_IN),
    ("accounts:two_factor_setup", {}, "get", SIGNED_IN),
    ("accounts:two_factor_disable", {}, "get", POST_ONLY),
    # Not required for any role in the tests: switched off, back to the profile (anonymous: to log in).
    ("accounts:two_factor_disable", {}, "post", REDIRECTED),
    ("accounts:password_reset", {}, "get", PUBLIC),
    ("accounts:password_reset_done", {}, "get", PUBLIC),
    # A made-up link: the page says it is invalid, for whoever opens it.
    ("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "geen-echte-token"}, "get", PUBLIC),
    ("accounts:password_reset_complete", {}, "get", PUBLIC),
    ("core:accessibility", {}, "get", PUBLIC),
    ("invitations:accept", {}, "get", GONE),
    ("invitations:link", {"token": "geen-echte-token"}, "get", GONE),
    ("neighbourhoods:list", {}, "get", ALL_STAFF),
    ("neighbourhoods:detail", a_buurt, "get", ALL_STAFF),
    ("neighbourhoods:municipality", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:municipality", {}, "post", BEHEERDER_ONLY),
    # The logo in every page's header, the login page's too: public, as on the municipality's letters.
    ("neighbourhoods:logo", a_municipality_logo, "get", PUBLIC),
    ("neighbourhoods:export", {}, "get", ALL_STAFF),
    ("neighbourhoods:frameworks", {}, "get", ALL_STAFF),
    ("neighbourhoods:facts", a_buurt, "get", EDITORS),
    # A POST with no data: editors get the form back with errors (200), others are refused first.
    ("neighbourhoods:facts", a_buurt, "post", EDITORS),
    ("neighbourhoods:role", a_buurt, "get", EDITORS),
    ("neighbourhoods:role", a_buurt, "post", EDITORS),
    ("neighbourhoods:bulk_role", {}, "get", EDITORS),
    ("neighbourhoods:bulk_role", {}, "post", EDITORS),
    ("neighbourhoods:goal_create", a_buurt, "get", EDITORS),
    ("neighbourhoods:goal_create", a_buurt, "post", EDITORS),
    ("neighbourhoods:goal_update", a_goal, "get", EDITORS),
    ("neighbourhoods:goal_update", a_goal, "post", EDITORS),
    ("neighbourhoods:goal_progress", a_goal, "post", EDITORS),
    ("neighbourhoods:copy_goals", a_buurt, "get", EDITORS),
    ("neighbourhoods:import", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:import", {}, "post", BEHEERDER_ONLY),
    ("neighbourhoods:import_confirm", {}, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("neighbourhoods:framework_create", {}, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "get", BEHEERDER_ONLY),
    ("neighbourhoods:framework_update", a_framework, "post", BEHEERDER_ONLY),
    ("neighbourhoods:role_create", a_framework_for_new_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "get", BEHEERDER_ONLY),
    ("neighbourhoods:role_update", a_role, "post", BEHEERDER_ONLY),
    ("initiatives:list", {}, "get", ALL_STAFF),
    ("initiatives:export", {}, "get", ALL_STAFF),
    ("initiatives:create", {}, "get", EDITORS),
    ("initiatives:create", {}, "post", EDITORS),
    ("initiatives:handover", {}, "get", BEHEERDER_ONLY),
    ("initiatives:handover", {}, "post", BEHEERDER_ONLY),
    (
        "initiatives:mine",
        {},
        "get",
        {"anonymous": 302, "beheerder": 403, "medewerker": 403, "lezer": 403, "coordinator": 302},
    ),
    ("initiatives:detail", other_initiative, "get", ALL_STAFF),
    ("initiatives:update", other_initiative, "get", EDITORS),
    ("initiatives:update", other_initiative, "post", EDITORS),
    ("initiatives:log_create", other_initiative, "get", EDITORS),
    ("initiatives:log_create", other_initiative, "post", EDITORS),
    ("initiatives:invite", other_initiative, "get", EDITORS),
    ("initiatives:invite", other_initiative, "post", EDITORS),
    ("initiatives:invitation_resend", other_invitation, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("initiatives:invitation_revoke", other_invitation, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("partnerships:list", {}, "get", ALL_STAFF),
    ("partnerships:examples", {}, "get", SIGNED_IN),
    ("partnerships:start", other_initiative, "get", EDITORS),
    ("partnerships:start", other_initiative, "post", EDITORS),
    ("partnerships:detail", other_partnership, "get", ALL_STAFF),
    # An empty POST: editors get the form back with errors (200), others are refused first.
    ("partnerships:status", other_partnership, "post", EDITORS),
    ("partnerships:stop", other_partnership, "get", EDITORS),
    ("partnerships:stop", other_partnership, "post", EDITORS),
    ("partnerships:reopen", other_partnership, "get", EDITORS),
    ("partnerships:conversation_create", other_partnership, "get", EDITORS),
    ("partnerships:conversation_create", other_partnership, "post", EDITORS),
    ("partnerships:activity_create", other_partnership, "get", EDITORS),
    ("partnerships:activity_create", other_partnership, "post", EDITORS),
    ("partnerships:assess", other_partnership, "get", EDITORS),
    ("partnerships:assess", other_partnership, "post", EDITORS),
    ("partnerships:conversation_update", other_conversation, "get", EDITORS),
    ("partnerships:conversation_update", other_conversation, "post", EDITORS),
    ("partnerships:need_create", other_conversation, "get", EDITORS),
    ("partnerships:goal_create", other_conversation, "get", EDITORS),
    ("partnerships:comment_create", other_conversation, "get", EDITORS),
    ("partnerships:comment_create", other_conversation, "post", EDITORS),
    ("partnerships:need_update", other_need, "get", EDITORS),
    ("partnerships:need_update", other_need, "post", EDITORS),
    ("partnerships:activity_update", other_activity, "get", EDITORS),
    ("partnerships:activity_update", other_activity, "post", EDITORS),
    ("partnerships:activity_take_on", other_activity, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("partnerships:activity_note", other_activity, "get", EDITORS),
    ("partnerships:activity_note", other_activity, "post", EDITORS),
    ("partnerships:stop_propose", other_partnership, "get", EDITORS),
    ("partnerships:stop_propose", other_partnership, "post", EDITORS),
    # Only the other side answers: staff answer the initiative's proposal, and withdraw their own.
    ("partnerships:stop_confirm", other_proposal_of("initiative"), "get", EDITORS),
    (
        "partnerships:stop_confirm",
        other_proposal_of("initiative"),
        "post",
        redirecting(EDITORS, "beheerder", "medewerker"),
    ),
    (
        "partnerships:stop_confirm",
        other_proposal_of("municipality"),
        "get",
        {**EDITORS, "beheerder": 403, "medewerker": 403},
    ),
    ("partnerships:stop_decline", other_proposal_of("initiative"), "get", EDITORS),
    ("partnerships:stop_decline", other_proposal_of("initiative"), "post", EDITORS),
    ("partnerships:stop_withdraw", other_proposal_of("municipality"), "get", EDITORS),
    (
        "partnerships:stop_withdraw",
        other_proposal_of("municipality"),
        "post",
        redirecting(EDITORS, "beheerder", "medewerker"),
    ),
    (
        "partnerships:stop_withdraw",
        other_proposal_of("initiative"),
        "get",
        {**EDITORS, "beheerder": 403, "medewerker": 403},
    ),
    ("partnerships:assessment", other_assessment, "get", ALL_STAFF),
    ("partnerships:assessment", other_assessment, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("wijkkompas:method", {}, "get", SIGNED_IN),
    ("wijkkompas:node", a_node, "get", SIGNED_IN),
    ("wijkkompas:node_update", a_node, "get", BEHEERDER_ONLY),
    ("wijkkompas:node_update", a_node, "post", BEHEERDER_ONLY),
    ("wijkkompas:node_create", {}, "get", BEHEERDER_ONLY),
    ("wijkkompas:track_update", a_track, "get", BEHEERDER_ONLY),
    ("wijkkompas:phase_update", a_phase, "get", BEHEERDER_ONLY),
    ("wijkkompas:partnership", other_partnership, "get", ALL_STAFF),
    ("wijkkompas:start", other_partnership, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("wijkkompas:discussion", other_discussion, "get", ALL_STAFF),
    ("wijkkompas:municipality_side", other_discussion, "get", EDITORS),
    ("wijkkompas:municipality_side", other_discussion, "post", EDITORS),
    ("wijkkompas:initiative_side", other_discussion, "get", EDITORS),
    ("wijkkompas:initiative_side", other_discussion, "post", EDITORS),
    ("wijkkompas:node_need", other_discussion, "get", EDITORS),
    ("wijkkompas:node_need", other_discussion, "post", EDITORS),
    ("wijkkompas:complete", other_discussion, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("meetings:partnership", other_partnership, "get", ALL_STAFF),
    ("meetings:plan", other_partnership, "get", EDITORS),
    ("meetings:plan", other_partnership, "post", EDITORS),  # nothing filled in: the form again
    ("meetings:detail", other_meeting, "get", ALL_STAFF),
    ("meetings:ics", other_meeting, "get", ALL_STAFF),
    ("meetings:update", other_meeting, "get", EDITORS),
    ("meetings:update", other_meeting, "post", EDITORS),
    ("meetings:cancel", other_meeting, "get", EDITORS),
    ("meetings:cancel", other_meeting, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("meetings:report", other_meeting, "get", EDITORS),
    ("meetings:report", other_meeting, "post", EDITORS),
    ("meetings:report_pdf", other_reported_meeting, "get", ALL_STAFF),
    ("meetings:report_pdf", other_meeting, "get", {**ALL_STAFF, "beheerder": 404, "medewerker": 404, "lezer": 404}),
    ("meetings:comment", other_reported_meeting, "get", EDITORS),
    ("meetings:comment", other_reported_meeting, "post", EDITORS),
    ("agreements:clauses", {}, "get", ALL_STAFF),
    ("agreements:clause_create", {}, "get", BEHEERDER_ONLY),
    ("agreements:clause_update", a_clause, "get", BEHEERDER_ONLY),
    ("agreements:clause_update", a_clause, "post", BEHEERDER_ONLY),
    ("agreements:partnership", other_partnership, "get", ALL_STAFF),
    ("agreements:partnership", other_partnership, "post", EDITORS),
    ("agreements:draft", other_agreement, "get", ALL_STAFF),
    ("agreements:freeze", other_agreement, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:compare", {"pk": 999999}, "get", {**ALL_STAFF, "beheerder": 404, "medewerker": 404, "lezer": 404}),
    ("agreements:comment", other_agreement, "get", EDITORS),
    ("agreements:comment", other_agreement, "post", EDITORS),
    ("agreements:scan_upload", other_agreement, "get", EDITORS),
    ("agreements:section", other_section, "get", EDITORS),
    ("agreements:section", other_section, "post", EDITORS),
    ("agreements:section_remove", other_section, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:section_source", other_section, "get", EDITORS),
    ("agreements:section_source", other_section, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:section_keep", other_section, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:version", other_version, "get", ALL_STAFF),
    ("agreements:pdf", other_version, "get", ALL_STAFF),
    ("agreements:agree", other_version, "post", {**redirecting(EDITORS, "beheerder", "medewerker")}),
    ("agreements:withdraw", other_version, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:docx", other_version, "get", ALL_STAFF),
    ("agreements:college_decision", other_version, "get", EDITORS),
    ("agreements:college_decision", other_version, "post", EDITORS),
    ("agreements:draft_signatories", other_agreement, "get", EDITORS),
    ("agreements:draft_signatories", other_agreement, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("agreements:archive", other_signed_agreement, "get", ALL_STAFF),
    ("agreements:archive", other_agreement, "get", {**ALL_STAFF, "beheerder": 404, "medewerker": 404, "lezer": 404}),
    ("agreements:signatories", {}, "get", ALL_STAFF),
    ("agreements:signatories", {}, "post", BEHEERDER_ONLY),
    ("agreements:initiative_signatories", other_initiative, "get", ALL_STAFF),
    ("agreements:initiative_signatories", other_initiative, "post", EDITORS),
    ("agreements:signatory_deactivate", a_municipality_signatory, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("agreements:scan", other_scan, "get", ALL_STAFF),
    ("documents:list", other_partnership, "get", ALL_STAFF),
    ("documents:upload", other_partnership, "get", EDITORS),
    ("documents:detail", other_document, "get", ALL_STAFF),
    ("documents:rename", other_document, "get", EDITORS),
    ("documents:replace", other_document, "get", EDITORS),
    ("documents:remove", other_document, "get", EDITORS),
    ("documents:remove", other_document, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("documents:share", other_document, "post", redirecting(EDITORS, "beheerder", "medewerker")),
    ("documents:download", other_document, "get", ALL_STAFF),
    ("documents:version_download", other_document_version, "get", ALL_STAFF),
    ("overview:history_neighbourhood", a_buurt_key, "get", ALL_STAFF),
    ("overview:history_initiative", other_initiative_key, "get", ALL_STAFF),
    ("overview:history_partnership", other_partnership_key, "get", ALL_STAFF),
    ("overview:map", {}, "get", ALL_STAFF),
    ("overview:report", {}, "get", ALL_STAFF),
    ("partnerships:export", {}, "get", ALL_STAFF),
    ("audit:events", {}, "get", BEHEERDER_ONLY),
    ("overview:person", a_coordinator_account, "get", BEHEERDER_ONLY),
    ("overview:personal_data_export", a_coordinator_account, "get", BEHEERDER_ONLY),
    ("overview:anonymise", a_coordinator_account, "get", BEHEERDER_ONLY),
    ("policies:index", {}, "get", ALL_STAFF),
    ("policies:detail", a_published_version, "get", ALL_STAFF),
    ("policies:start_draft", {}, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("policies:edit", a_draft, "get", BEHEERDER_ONLY),
    ("policies:edit", a_draft, "post", BEHEERDER_ONLY),
    ("policies:edit", a_published_version, "get", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("policies:publish", a_draft, "get", BEHEERDER_ONLY),
    ("policies:publish", a_draft, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    ("api_keys:list", {}, "get", BEHEERDER_ONLY),
    ("api_keys:issue", {}, "get", BEHEERDER_ONLY),
    ("api_keys:issue", {}, "post", BEHEERDER_ONLY),  # no name: the form again, with the error
    ("api_keys:revoke", an_api_key, "post", redirecting(BEHEERDER_ONLY, "beheerder")),
    # The open data API itself answers everyone alike (API_ACCESS=public, as in development).
    ("api:root", {}, "get", PUBLIC),
    ("api:openapi", {}, "get", PUBLIC),
    ("api:neighbourhoods", {}, "get", PUBLIC),
    ("api:neighbourhood", a_buurt_code, "get", PUBLIC),
    ("api:neighbourhood_partnerships", a_buurt_code, "get", PUBLIC),
    ("api:boundary", a_buurt_code, "get", PUBLIC),
    ("api:boundaries", {}, "get", PUBLIC),
    ("api:crss", {}, "get", PUBLIC),
    ("api:partnerships", {}, "get", PUBLIC),
    ("api:partnership", a_published_partnership, "get", PUBLIC),
    ("api:ways_of_working", {}, "get", PUBLIC),
    ("api:current_way_of_working", a_current_way_of_working, "get", PUBLIC),
    ("api:way_of_working", a_published_way_of_working, "get", PUBLIC),
    # A person's own inbox; someone else's notification is not found, for anyone.
    ("notifications:inbox", {}, "get", SIGNED_IN),
    ("notifications:read_all", {}, "get", {**POST_ONLY, "anonymous": 302}),
    ("notifications:read_all", {}, "post", REDIRECTED),
    ("notifications:read", someone_elses_notification, "get", {**POST_ONLY, "anonymous": 302}),
    ("notifications:read", someone_elses_notification, "post", {**NOWHERE, "anonymous": 302}),
    ("notifications:open", someone_elses_notification, "get", {**POST_ONLY, "anonymous": 302}),
    ("notifications:open", someone_elses_notification, "post", {**NOWHERE, "anonymous": 302}),
    # The link in a mail: the signed token is the authorisation, whoever (if anyone) is logged in.
    ("notifications:unsubscribe", an_unsubscribe_link, "get", PUBLIC),
    ("notifications:unsubscribe", an_unsubscribe_link, "post", PUBLIC),
    ("notifications:unsubscribe", {"token": "geen-echte-token"}, "post", {role: 404 for role in PUBLIC}),
    # Single sign-on is off here (its own tests switch it on): its pages do not exist for anyone.
    ("accounts:sso_login", {}, "get", NOWHERE),
    ("accounts:sso_callback", {}, "get", NOWHERE),
    ("accounts:sso_jwks", {}, "get", NOWHERE),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(MATRIX))
def test_access_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)


def own_initiative(client):
    return {"pk": client.own_initiative.pk}


def own_invitation(client):
    from datetime import timedelta

    from django.utils import timezone

    from partnerships.models import Invitation

    invitation = Invitation.objects.create(
        initiative=client.own_initiative,
        email="y@example.org",
        token_hash="f" * 64,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"pk": invitation.pk}


def own_partnership(client):
    return {"pk": a_partnership(initiative=client.own_initiative).pk}


def own_conversation(client):
    return {"pk": a_conversation(a_partnership(initiative=client.own_initiative)).pk}


def own_need(direction):
    def make(client):
        from partnerships import services

        need = services.add_need(
            a_conversation(a_partnership(initiative=client.own_initiative)),
            actor=None,
            values={"direction": direction, "category": "data", "description": "x"},
        )
        return {"pk": need.pk}

    return make


def own_activity(client):
    from partnerships import services

    partnership = a_partnership(initiative=client.own_initiative)
    return {"pk": services.add_activity(partnership, actor=None, values={"what": "x", "responsible": "open"}).pk}


def own_assessment(client):
    from partnerships import services

    assessment, _ = services.record_assessment(
        a_partnership(initiative=client.own_initiative), actor=None, answers=ANSWERS
    )
    return {"pk": assessment.pk}


def own_discussion(client):
    from wijkkompas import services

    return {"pk": services.start_discussion(a_partnership(initiative=client.own_initiative), actor=None).pk}


def own_agreement(client):
    return {"pk": a_draft_of(a_partnership(initiative=client.own_initiative)).pk}


def own_version(client):
    from agreements import services

    return {"pk": services.freeze(a_draft_of(a_partnership(initiative=client.own_initiative)), actor=None).pk}


def own_signed_agreement(client):
    return {"pk": a_signed_draft(a_partnership(initiative=client.own_initiative)).pk}


def own_initiative_pk(client):
    return {"pk": client.own_initiative.pk}


def own_section(client):
    draft = a_draft_of(a_partnership(initiative=client.own_initiative))
    return {"pk": draft.sections.get(key="uitgangspunten").pk}


def own_scan(client):
    return {"pk": a_scan_of(a_partnership(initiative=client.own_initiative)).pk}


def own_notification(client):
    """A notification for the coordinator about their own initiative: theirs to read and open."""
    from partnerships import notices

    partnership = a_partnership(initiative=client.own_initiative)
    notices.tell(partnership, "comment_added", actor=None, url="/", recipients=[client.user])
    return {"pk": client.user.notifications.get().pk}


def own_initiative_key(client):
    return {"key": client.own_initiative.pk}


def own_partnership_key(client):
    return {"key": a_partnership(initiative=client.own_initiative).pk}


def own_meeting(client):
    return {"pk": a_meeting_of(a_partnership(initiative=client.own_initiative)).pk}


def own_reported_meeting(client):
    return {"pk": a_meeting_of(a_partnership(initiative=client.own_initiative), report=True).pk}


def own_document(shared, by_coordinator=False):
    def make(client):
        partnership = a_partnership(initiative=client.own_initiative)
        actor = client.user if by_coordinator else None
        return {"pk": a_document_of(partnership, shared=shared, actor=actor).pk}

    return make


def own_document_version(shared):
    def make(client):
        return {"pk": a_document_of(a_partnership(initiative=client.own_initiative), shared=shared).current_id}

    return make


# What a coordinator may do with their own initiative: read it and edit its profile; the
# municipal parts (log entries, invitations) stay staff-only.
OWN_MATRIX = [
    ("overview:history_initiative", own_initiative_key, "get", {"coordinator": 200}),
    ("overview:history_partnership", own_partnership_key, "get", {"coordinator": 200}),
    # Both sides work on meetings: a coordinator plans, reads and comments, staff change and report.
    ("meetings:partnership", own_partnership, "get", {"coordinator": 200}),
    ("meetings:plan", own_partnership, "get", {"coordinator": 200}),
    ("meetings:detail", own_meeting, "get", {"coordinator": 200}),
    ("meetings:ics", own_meeting, "get", {"coordinator": 200}),
    ("meetings:update", own_meeting, "get", {"coordinator": 404}),
    ("meetings:cancel", own_meeting, "get", {"coordinator": 404}),
    ("meetings:cancel", own_meeting, "post", {"coordinator": 404}),
    ("meetings:report", own_meeting, "get", {"coordinator": 404}),
    ("meetings:report_pdf", own_reported_meeting, "get", {"coordinator": 200}),
    ("meetings:comment", own_reported_meeting, "get", {"coordinator": 200}),
    ("agreements:partnership", own_partnership, "get", {"coordinator": 200}),
    ("agreements:partnership", own_partnership, "post", {"coordinator": 404}),
    ("agreements:draft", own_agreement, "get", {"coordinator": 200}),
    ("agreements:comment", own_agreement, "get", {"coordinator": 200}),
    ("agreements:freeze", own_agreement, "post", {"coordinator": 404}),
    ("agreements:section", own_section, "get", {"coordinator": 404}),
    ("agreements:version", own_version, "get", {"coordinator": 200}),
    ("agreements:pdf", own_version, "get", {"coordinator": 200}),
    ("agreements:agree", own_version, "post", {"coordinator": 302}),
    ("agreements:withdraw", own_version, "post", {"coordinator": 302}),
    ("agreements:section_source", own_section, "get", {"coordinator": 404}),
    ("agreements:section_source", own_section, "post", {"coordinator": 404}),
    ("agreements:section_keep", own_section, "post", {"coordinator": 404}),
    ("agreements:scan_upload", own_agreement, "get", {"coordinator": 404}),
    ("agreements:docx", own_version, "get", {"coordinator": 200}),
    ("agreements:archive", own_signed_agreement, "get", {"coordinator": 200}),
    ("agreements:draft_signatories", own_agreement, "get", {"coordinator": 404}),
    ("agreements:college_decision", own_version, "get", {"coordinator": 404}),
    ("agreements:initiative_signatories", own_initiative_pk, "get", {"coordinator": 404}),
    ("agreements:scan", own_scan, "get", {"coordinator": 200}),
    # Documents: only the shared ones; internal documents of their own initiative answer 404, also
    # for downloads. They change (rename, replace, remove) only what they uploaded themselves.
    ("documents:list", own_partnership, "get", {"coordinator": 200}),
    ("documents:upload", own_partnership, "get", {"coordinator": 200}),
    ("documents:detail", own_document(shared=True), "get", {"coordinator": 200}),
    ("documents:detail", own_document(shared=False), "get", {"coordinator": 404}),
    ("documents:download", own_document(shared=True), "get", {"coordinator": 200}),
    ("documents:download", own_document(shared=False), "get", {"coordinator": 404}),
    ("documents:version_download", own_document_version(shared=True), "get", {"coordinator": 200}),
    ("documents:version_download", own_document_version(shared=False), "get", {"coordinator": 404}),
    ("documents:rename", own_document(shared=True), "get", {"coordinator": 404}),
    ("documents:rename", own_document(shared=True, by_coordinator=True), "get", {"coordinator": 200}),
    ("documents:replace", own_document(shared=True), "get", {"coordinator": 404}),
    ("documents:replace", own_document(shared=True, by_coordinator=True), "get", {"coordinator": 200}),
    ("documents:remove", own_document(shared=True), "get", {"coordinator": 404}),
    ("documents:remove", own_document(shared=True, by_coordinator=True), "get", {"coordinator": 200}),
    ("documents:remove", own_document(shared=True, by_coordinator=True), "post", {"coordinator": 302}),
    ("documents:share", own_document(shared=True, by_coordinator=True), "post", {"coordinator": 404}),
    ("wijkkompas:partnership", own_partnership, "get", {"coordinator": 200}),
    ("wijkkompas:start", own_partnership, "post", {"coordinator": 404}),
    ("wijkkompas:discussion", own_discussion, "get", {"coordinator": 200}),
    ("wijkkompas:initiative_side", own_discussion, "get", {"coordinator": 200}),
    ("wijkkompas:municipality_side", own_discussion, "get", {"coordinator": 404}),
    ("wijkkompas:node_need", own_discussion, "get", {"coordinator": 200}),
    ("wijkkompas:complete", own_discussion, "post", {"coordinator": 404}),
    ("partnerships:detail", own_partnership, "get", {"coordinator": 200}),
    ("partnerships:activity_create", own_partnership, "get", {"coordinator": 200}),
    ("partnerships:activity_take_on", own_activity, "post", {"coordinator": 302}),
    ("partnerships:activity_update", own_activity, "get", {"coordinator": 404}),
    ("partnerships:activity_update", own_activity_of("initiative"), "get", {"coordinator": 200}),
    ("partnerships:activity_update", own_activity_of("both"), "get", {"coordinator": 200}),
    ("partnerships:activity_update", own_activity_of("municipality"), "get", {"coordinator": 404}),
    ("partnerships:activity_note", own_activity_of("initiative"), "get", {"coordinator": 200}),
    ("partnerships:activity_note", own_activity_of("municipality"), "get", {"coordinator": 404}),
    ("partnerships:activity_note", own_activity_of("municipality"), "post", {"coordinator": 404}),
    ("partnerships:stop_propose", own_partnership, "get", {"coordinator": 200}),
    ("partnerships:stop_confirm", own_proposal_of("municipality"), "get", {"coordinator": 200}),
    ("partnerships:stop_confirm", own_proposal_of("initiative"), "get", {"coordinator": 404}),
    ("partnerships:stop_confirm", own_proposal_of("initiative"), "post", {"coordinator": 404}),
    ("partnerships:stop_decline", own_proposal_of("municipality"), "get", {"coordinator": 200}),
    ("partnerships:stop_decline", own_proposal_of("initiative"), "get", {"coordinator": 404}),
    ("partnerships:stop_withdraw", own_proposal_of("initiative"), "get", {"coordinator": 200}),
    ("partnerships:stop_withdraw", own_proposal_of("municipality"), "get", {"coordinator": 404}),
    ("partnerships:need_create", own_conversation, "get", {"coordinator": 200}),
    ("partnerships:comment_create", own_conversation, "get", {"coordinator": 200}),
    ("partnerships:need_update", own_need("initiative"), "get", {"coordinator": 200}),
    ("partnerships:need_update", own_need("municipality"), "get", {"coordinator": 404}),
    ("partnerships:goal_create", own_conversation, "get", {"coordinator": 404}),
    ("partnerships:conversation_update", own_conversation, "get", {"coordinator": 404}),
    ("partnerships:status", own_partnership, "post", {"coordinator": 404}),
    ("partnerships:stop", own_partnership, "get", {"coordinator": 404}),
    ("partnerships:assess", own_partnership, "get", {"coordinator": 404}),
    ("partnerships:assessment", own_assessment, "get", {"coordinator": 200}),
    ("partnerships:assessment", own_assessment, "post", {"coordinator": 404}),
    ("partnerships:start", own_initiative, "get", {"coordinator": 404}),
    ("initiatives:detail", own_initiative, "get", {"coordinator": 200}),
    ("initiatives:update", own_initiative, "get", {"coordinator": 200}),
    ("initiatives:update", own_initiative, "post", {"coordinator": 200}),
    ("initiatives:log_create", own_initiative, "get", {"coordinator": 200}),
    ("initiatives:invite", own_initiative, "get", {"coordinator": 404}),
    ("initiatives:invitation_revoke", own_invitation, "post", {"coordinator": 404}),
    ("initiatives:invitation_resend", own_invitation, "post", {"coordinator": 404}),
    ("notifications:read", own_notification, "post", {"coordinator": 302}),
    ("notifications:open", own_notification, "post", {"coordinator": (302, "/")}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name, kwargs, method, role, expected", matrix_params(OWN_MATRIX))
def test_coordinator_own_initiative_matrix(client_for, url_name, kwargs, method, role, expected):
    assert_access(client_for(role), url_name, kwargs, method, expected)


# Namespaces no matrix needs to list: Django's admin has its own permission checks (is_staff).
# Static files are served by WhiteNoise, not by URL patterns, and the language switch is our own
# accounts:set_language, so neither needs excluding.
NOT_IN_A_MATRIX = {"admin"}


def test_every_named_url_is_in_an_access_matrix():
    """A new URL must say who may open it: add it to MATRIX (and to OWN_MATRIX if coordinators
    may reach their own). The other apps' matrices count too."""
    from audit.tests.test_security_log import ACCESS as AUDIT_ACCESS
    from overview.tests.test_personal_data import ACCESS as PERSONAL_DATA_ACCESS

    covered = {row[0] for matrix in (MATRIX, OWN_MATRIX, AUDIT_ACCESS, PERSONAL_DATA_ACCESS) for row in matrix}
    names = {name for name in named_url_patterns() if name.split(":")[0] not in NOT_IN_A_MATRIX}
    assert len(names) > 100, "the URL patterns were not found"
    assert sorted(names - covered) == [], "URL names missing from the access matrices"
    assert sorted(covered - names) == [], "matrix rows for URL names that no longer exist"
