"""Drafting, freezing, agreeing and signing draft agreements.

Nothing of the agreement of a closed partnership can be added or changed
(`partnerships.workflow.ensure_open`); it can still be read and downloaded.
"""

import difflib
import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import living, prefill
from agreements.models import Clause, Draft, DraftSection, DraftVersion, SectionComment, Signatory, SignedScan
from agreements.reference import SECTION_LABELS, sections_for
from agreements.scan_check import ScanRefused, check_pdf
from agreements.scan_pdfa import archival_copy
from core import history
from core.concurrency import bump_version
from core.models import ChangeEntry
from partnerships import notices, workflow
from partnerships import services as partnership_services
from partnerships.models import Partnership
from partnerships.reference_data import LEVELS


class AgreementError(Exception):
    pass


class ConfirmationNeeded(AgreementError):
    """Taking the file's new text over would replace text that staff wrote by hand."""


# The note on a status change that both sides' agreement caused (a system note, core.history
# translates it: apps.HISTORY["patterns"]).
BOTH_AGREED_NOTE = "both sides agreed to version {number}"


def _draft_url(draft) -> str:
    return reverse("agreements:draft", args=[draft.pk])


# Document titles, in Dutch: the agreement itself is a Dutch document.
DOCUMENT_TITLES = {
    "afsprakenlijst": "Afsprakenlijst",
    "samenwerkingsverklaring": "Samenwerkingsverklaring",
    "green_deal": "Green Deal",
    "intentieverklaring": "Intentieverklaring",
    "intentieovereenkomst": "Intentieovereenkomst",
    "samenwerkingsovereenkomst": "Samenwerkingsovereenkomst",
}


def project_development_at_stake(partnership) -> bool:
    latest = partnership.assessments.first()
    return bool(latest and latest.project_development) or partnership.intensity in {"zwaar", "formeel"}


def suggested_form(partnership) -> str:

    level = partnership.intensity or (
        partnership.assessments.first().chosen_level if partnership.assessments.exists() else ""
    )
    return LEVELS[level]["forms"][-1] if level in LEVELS else "samenwerkingsverklaring"


@transaction.atomic
def create_draft(partnership, *, form: str, actor) -> Draft:
    workflow.ensure_open(partnership)
    # The agreement is a Dutch document, whatever language the person drafting reads.
    with translation.override("nl"):
        return _create_draft(partnership, form=form, actor=actor)


def _create_draft(partnership, *, form: str, actor) -> Draft:

    draft = Draft.objects.create(
        partnership=partnership,
        form=form,
        created_by=actor,
        title=f"{DOCUMENT_TITLES[form]} {partnership.initiative.name}",
    )
    sources = prefill.sources(partnership)
    DraftSection.objects.bulk_create(
        [
            DraftSection(
                draft=draft,
                key=key,
                title=str(SECTION_LABELS[key]),
                text=sources.get(key, ("", ""))[0],
                source=sources.get(key, ("", ""))[0],
                basis=sources.get(key, ("", ""))[1],
                order=i,
                required=required,
            )
            for i, (key, required) in enumerate(
                sections_for(form, project_development=project_development_at_stake(partnership))
            )
        ]
    )
    history.record_create(draft, actor=actor, fields=["form", "title"])
    return draft


def _clear_agreement(draft: Draft, actor) -> None:
    """A change after agreement: earlier agreement marks no longer hold."""
    agreed = draft.versions.filter(municipality_agreed_at__isnull=False) | draft.versions.filter(
        initiative_agreed_at__isnull=False
    )
    if agreed.exists():
        agreed.update(
            municipality_agreed_at=None,
            municipality_agreed_by=None,
            initiative_agreed_at=None,
            initiative_agreed_by=None,
        )
        history.record(
            draft,
            actor=actor,
            action=ChangeEntry.Action.EVENT,
            changes=[history.event("agreement_lapsed")],
        )
        notices.tell(
            draft.partnership,
            "agreement_withdrawn",
            actor=actor,
            obj=draft,
            url=_draft_url(draft),
            summary=_("The text of %(title)s changed: the agreement to it has lapsed.") % {"title": draft.title},
        )
    if draft.status == Draft.Status.FINAL:
        draft.status = Draft.Status.DRAFTING
        draft.save(update_fields=["status"])


@transaction.atomic
def update_section(
    section: DraftSection, *, actor, expected_version: int, text: str, title: str | None = None
) -> DraftSection:
    draft = section.draft
    workflow.ensure_open(draft.partnership)
    if text == section.text and (not title or title == section.title):
        # Nothing changed: keep the agreement, but still tell a stale form it is stale.
        bump_version(draft, expected_version)
        Draft.objects.filter(pk=draft.pk).update(version=expected_version)
        draft.version = expected_version
        return section
    bump_version(draft, expected_version)
    before = history.snapshot(section, ["title", "text"])
    section.text = text
    if title:
        section.title = title
    section.save(update_fields=["title", "text"])
    draft.save(update_fields=["version", "updated_at"])
    changes = history.diff(section, before, history.snapshot(section, ["title", "text"]), prefix=section.title)
    history.record(draft, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes)
    _clear_agreement(draft, actor)
    return section


@transaction.atomic
def remove_section(section: DraftSection, *, actor):
    workflow.ensure_open(section.draft.partnership)
    if section.required:
        raise AgreementError(_("This section is required for this partnership and cannot be removed."))
    draft = section.draft
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.UPDATE,
        changes=[history.event("section_removed", old=section.title)],
    )
    section.delete()
    _clear_agreement(draft, actor)


@transaction.atomic
def freeze(draft: Draft, *, actor) -> DraftVersion:
    """Freeze the current text as a numbered, immutable version for discussion."""
    workflow.ensure_open(draft.partnership)
    Draft.objects.select_for_update().filter(pk=draft.pk).first()
    sections = [{"key": s.key, "title": s.title, "text": s.text} for s in draft.sections.all()]
    latest = draft.versions.order_by("-number").first()
    if latest is not None and latest.sections == sections:
        raise AgreementError(
            _("Nothing has changed since version %(number)s; there is nothing new to freeze.")
            % {"number": latest.number}
        )
    with translation.override("nl"):
        parties, activities = prefill.parties(draft.partnership), prefill.activities(draft.partnership)
        parties["signatories"] = signatories_of(draft)
    version = DraftVersion.objects.create(
        draft=draft,
        number=(latest.number if latest else 0) + 1,
        frozen_by=actor,
        sections=sections,
        parties=parties,
        activities=activities,
        # What each section was last filled from in the file: the version carries its sources.
        sources={s.key: s.basis for s in draft.sections.all() if s.basis is not None},
    )
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("version_frozen", new=version.number)],
    )
    notices.tell(
        draft.partnership,
        "version_fixed",
        actor=actor,
        obj=version,
        url=_draft_url(draft),
        summary=_("Version %(number)s of %(title)s is ready to be agreed to.")
        % {"number": version.number, "title": draft.title},
    )
    return version


@transaction.atomic
def agree(version: DraftVersion, *, side: str, actor) -> DraftVersion:
    """One side agrees to this version. When both agreed the same version, the draft is final."""
    workflow.ensure_open(version.draft.partnership)
    if version.number != version.draft.versions.aggregate(n=Max("number"))["n"]:
        raise AgreementError(_("Only the newest version can be agreed to."))
    if (
        version.draft.sections.exists()
        and [{"key": s.key, "title": s.title, "text": s.text} for s in version.draft.sections.all()] != version.sections
    ):
        raise AgreementError(_("The draft has changed since this version was frozen: freeze a new version first."))
    now = timezone.now()
    if side == "municipality":
        version.municipality_agreed_at, version.municipality_agreed_by = now, actor
        fields = ["municipality_agreed_at", "municipality_agreed_by"]
    else:
        version.initiative_agreed_at, version.initiative_agreed_by = now, actor
        fields = ["initiative_agreed_at", "initiative_agreed_by"]
    version.save(update_fields=fields)
    history.record(
        version.draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event(f"agreed_{side}", new=version.number)],
    )
    notices.tell(
        version.draft.partnership,
        "agreement_given",
        actor=actor,
        obj=version,
        url=_draft_url(version.draft),
        summary=_("Agreed to version %(number)s of %(title)s.")
        % {"number": version.number, "title": version.draft.title},
    )
    if version.agreed_by_both:
        Draft.objects.filter(pk=version.draft_id).update(status=Draft.Status.FINAL)
        version.draft.status = Draft.Status.FINAL
        _move_on_after_agreement(version, actor)
    return version


def _move_on_after_agreement(version: DraftVersion, actor) -> None:
    """Both sides agreed a version: the partnership's agreements are recorded. Each move goes
    through the transition table (an exploring partnership steps through 'in conversation'), with a
    note that says why; a partnership already further along stays where it is."""
    partnership = version.draft.partnership
    status = Partnership.objects.values_list("status", flat=True).get(pk=partnership.pk)
    path = {
        Partnership.Status.EXPLORING: [Partnership.Status.IN_CONVERSATION, Partnership.Status.AGREEMENTS_RECORDED],
        Partnership.Status.IN_CONVERSATION: [Partnership.Status.AGREEMENTS_RECORDED],
    }.get(status, [])
    note = BOTH_AGREED_NOTE.format(number=version.number)
    for to_status in path:
        partnership_services.change_status(partnership, to_status, actor=actor, note=note)
    if path:
        partnership.status = path[-1]


@transaction.atomic
def withdraw_agreement(version: DraftVersion, *, side: str, actor) -> DraftVersion:
    """One side takes back its agreement to a version, before the other side agreed too."""
    workflow.ensure_open(version.draft.partnership)
    version = DraftVersion.objects.select_for_update().select_related("draft__partnership").get(pk=version.pk)
    if version.agreed_by_both:
        raise AgreementError(
            _("Both sides agreed to this version: the agreement is final. Change the text to discuss it again.")
        )
    if not getattr(version, f"{side}_agreed_at"):
        raise AgreementError(_("There is no agreement of yours to this version to withdraw."))
    setattr(version, f"{side}_agreed_at", None)
    setattr(version, f"{side}_agreed_by", None)
    version.save(update_fields=[f"{side}_agreed_at", f"{side}_agreed_by"])
    history.record(
        version.draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event(f"withdrawn_{side}", new=version.number)],
    )
    notices.tell(
        version.draft.partnership,
        "agreement_withdrawn",
        actor=actor,
        obj=version,
        url=_draft_url(version.draft),
        summary=_("The agreement to version %(number)s of %(title)s has been withdrawn.")
        % {"number": version.number, "title": version.draft.title},
    )
    return version


@transaction.atomic
def add_comment(draft: Draft, *, actor, section: str, text: str) -> SectionComment:
    workflow.ensure_open(draft.partnership)
    latest = draft.versions.aggregate(n=Max("number"))["n"]
    comment = SectionComment.objects.create(
        draft=draft, section=section, text=text, author=actor, version_number=latest
    )
    notices.tell(
        draft.partnership,
        "draft_comment",
        actor=actor,
        obj=comment,
        url=_draft_url(draft) + f"#sectie-{section}",
        summary=text,
    )
    return comment


def _fresh_source(section: DraftSection, expected_version: int, seen: str) -> tuple[str, str]:
    """Claim the draft's next version and read the file's text and basis for `section` now.
    Refuses a stale form, and a source that changed again since the person looked at it (`seen`)."""
    workflow.ensure_open(section.draft.partnership)
    bump_version(section.draft, expected_version)
    text, basis = living.current_sources(section.draft.partnership).get(section.key, ("", ""))
    if section.basis == basis:
        raise AgreementError(_("This section already follows the partnership file."))
    if living.digest(basis) != seen:
        raise AgreementError(
            _("The partnership file changed again since you looked at it: check the new difference and try again.")
        )
    return text, basis


@transaction.atomic
def take_over_source(
    section: DraftSection, *, actor, expected_version: int, seen: str, confirmed: bool = False
) -> DraftSection:
    """Replace the section's text by the text the partnership file gives now.

    Text that staff wrote by hand is only replaced when they confirmed it (`confirmed`); else
    ConfirmationNeeded. A stale form raises StaleEditError."""
    draft = section.draft
    text, basis = _fresh_source(section, expected_version, seen)
    if section.edited_by_hand and section.text != text and not confirmed:
        raise ConfirmationNeeded(_("This section has text written by hand: confirm that the new text replaces it."))
    before = history.snapshot(section, ["title", "text"])
    section.text, section.source, section.basis = text, text, basis
    section.save(update_fields=["text", "source", "basis"])
    draft.save(update_fields=["version", "updated_at"])
    changes = history.diff(section, before, history.snapshot(section, ["title", "text"]), prefix=section.title)
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.UPDATE,
        changes=[history.event("source_taken_over", new=section.title), *changes],
    )
    if changes:
        _clear_agreement(draft, actor)
    return section


@transaction.atomic
def keep_own_text(section: DraftSection, *, actor, expected_version: int, seen: str) -> DraftSection:
    """Staff keep their text: the file's new text is noted as seen, the section's text stays."""
    draft = section.draft
    text, basis = _fresh_source(section, expected_version, seen)
    section.source, section.basis = text, basis
    section.save(update_fields=["source", "basis"])
    draft.save(update_fields=["version", "updated_at"])
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("source_kept", new=section.title)],
    )
    return section


def signatories_of(draft: Draft) -> dict:
    """Who signs for each side, as a frozen version keeps it: the draft's chosen signatories."""
    chosen = list(draft.signatories.order_by("party", "name", "pk"))
    return {side: [s.as_party() for s in chosen if s.party == side] for side in ("municipality", "initiative")}


@transaction.atomic
def add_signatory(*, actor, values: dict, initiative=None) -> Signatory:
    """Someone who may sign: the municipality's (by mandate) or, with `initiative`, one of its board."""
    party = Signatory.Party.INITIATIVE if initiative else Signatory.Party.MUNICIPALITY
    if party == Signatory.Party.MUNICIPALITY and values.get("function") not in Signatory.Function.values:
        raise AgreementError(_("Choose the function: alderman, mayor or mandated official."))
    if values.get("function") == Signatory.Function.MANDATED and not values.get("mandate", "").strip():
        raise AgreementError(_("A mandated official signs on a mandate decision: fill it in."))
    signatory = Signatory.objects.create(party=party, initiative=initiative, **values)
    history.record_create(signatory, actor=actor, fields=list(values))
    return signatory


@transaction.atomic
def deactivate_signatory(signatory: Signatory, *, actor) -> Signatory:
    """No longer offered for new drafts; versions already frozen keep the name."""
    before = history.snapshot(signatory, ["active"])
    signatory.active = False
    signatory.save(update_fields=["active"])
    history.record(
        signatory,
        actor=actor,
        action=ChangeEntry.Action.UPDATE,
        changes=history.diff(signatory, before, history.snapshot(signatory, ["active"])),
    )
    return signatory


@transaction.atomic
def set_signatories(draft: Draft, *, actor, signatories) -> Draft:
    """The draft names who signs: active signatories of the municipality and of the draft's initiative."""
    workflow.ensure_open(draft.partnership)
    chosen = list(signatories)
    for s in chosen:
        if not s.active or (
            s.party == Signatory.Party.INITIATIVE and s.initiative_id != draft.partnership.initiative_id
        ):
            raise AgreementError(_("Only active signatories of the municipality and of this initiative can sign."))
    old = sorted(str(s) for s in draft.signatories.all())
    new = sorted(str(s) for s in chosen)
    if old == new:
        return draft
    draft.signatories.set(chosen)
    history.record(
        draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[history.event("signatories", old=", ".join(old), new=", ".join(new))],
    )
    return draft


@transaction.atomic
def record_college_decision(version: DraftVersion, *, actor, date, reference: str) -> DraftVersion:
    """The college's decision on this version (its date and reference number)."""
    workflow.ensure_open(version.draft.partnership)
    fields = ["college_decision_date", "college_decision_reference"]
    before = history.snapshot(version, fields)
    version.college_decision_date, version.college_decision_reference = date, reference.strip()
    version.save(update_fields=fields)
    history.record(
        version.draft,
        actor=actor,
        action=ChangeEntry.Action.EVENT,
        changes=[
            # Typed parts, so the date reads in the reader's language (core.history).
            history.event(
                "college_decision",
                old=[history.part(version, name, value) for name, value in before.items() if value],
                new=[
                    f"v{version.number}:",
                    history.part(version, "college_decision_date", date),
                    version.college_decision_reference,
                ],
            )
        ],
    )
    return version


def _move_on_after_signing(partnership, actor) -> None:
    """A signed agreement makes the partnership active (through 'agreements recorded' when needed)."""
    status = Partnership.objects.values_list("status", flat=True).get(pk=partnership.pk)
    path = {
        Partnership.Status.IN_CONVERSATION: [Partnership.Status.AGREEMENTS_RECORDED, Partnership.Status.ACTIVE],
        Partnership.Status.AGREEMENTS_RECORDED: [Partnership.Status.ACTIVE],
    }.get(status, [])
    for to_status in path:
        partnership_services.change_status(partnership, to_status, actor=actor)


def upload_scan(draft: Draft, *, actor, upload, signed_on=None) -> SignedScan:
    """Keep the signed PDF of the final version: PDF only, limited in size, checked by its content.

    Records the signing date (today unless given) and moves the partnership on to active. Next to the
    upload an archival PDF/A-2u copy is kept when the scan can honestly be made one (scan_pdfa.py);
    else the scan is marked as not PDF/A."""
    final = next((v for v in draft.versions.all() if v.agreed_by_both), None)
    if final is None:
        raise AgreementError(_("A signed scan can be uploaded once both sides agreed to the same version."))
    limit = settings.SIGNED_SCAN_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise AgreementError(_("The file is larger than %(mb)s MB.") % {"mb": settings.SIGNED_SCAN_MAX_MB})
    data = upload.read()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise AgreementError(_("The file is not a PDF document."))
    # The structure too: readable by a PDF library, and nothing a PDF reader would run or open.
    try:
        check_pdf(data)
    except ScanRefused as refusal:
        raise AgreementError(str(refusal)) from refusal
    archival, _problems = archival_copy(data, title=f"{draft.title} (getekend)", created=timezone.now())
    with transaction.atomic():
        workflow.ensure_open(draft.partnership)
        scan = SignedScan(
            draft=draft,
            version=final,
            original_name=upload.name[:255],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
            signed_on=signed_on or timezone.localdate(),
            is_pdfa=archival is not None,
            archival_sha256=hashlib.sha256(archival).hexdigest() if archival else "",
        )
        name = uuid.uuid4().hex
        scan.file.save(f"{name}.pdf", ContentFile(data), save=False)
        if archival:
            scan.archival_file.save(f"{name}-pdfa.pdf", ContentFile(archival), save=False)
        scan.save()
        history.record(
            draft,
            actor=actor,
            action=ChangeEntry.Action.EVENT,
            changes=[
                history.event("scan", new=scan.original_name),
                history.event("signed_on", new=[history.part(scan, "signed_on", scan.signed_on)]),
            ],
        )
        _move_on_after_signing(draft.partnership, actor)
    return scan


@transaction.atomic
def add_clause(*, actor, values: dict) -> Clause:
    """A beheerder adds a standard text to the clause library; the history lists what it holds."""
    clause = Clause.objects.create(**values)
    history.record_create(clause, actor=actor, fields=list(values))
    return clause


def compare(old: DraftVersion, new: DraftVersion) -> list[dict]:
    """Per section: added, removed, changed (with a line diff) or unchanged."""
    before = {s["key"]: s for s in old.sections}
    after = {s["key"]: s for s in new.sections}
    result = []
    for key in [s["key"] for s in new.sections] + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        if a is None:
            result.append({"title": b["title"], "state": "added", "lines": []})
        elif b is None:
            result.append({"title": a["title"], "state": "removed", "lines": []})
        elif a["text"] == b["text"] and a["title"] == b["title"]:
            result.append({"title": b["title"], "state": "unchanged", "lines": []})
        else:
            lines = [
                {"kind": line[0], "text": line[2:]}
                for line in difflib.ndiff(a["text"].splitlines(), b["text"].splitlines())
                if line[:1] in "+- "
            ]
            result.append({"title": b["title"], "state": "changed", "lines": lines})
    return result


def partnership_section(partnership, user) -> dict:
    """The agreement's state for the partnership page's summary (registered in apps.py): the newest
    draft, its newest version and who agreed to it. Two queries."""
    draft = partnership.drafts.order_by("-pk").first()
    if draft is None:
        return {"agreement": {"label": _("no draft agreement yet"), "draft": None}}
    version = draft.versions.order_by("-number").first()
    if version is None:
        label = _("draft being written, no version frozen yet")
    elif version.agreed_by_both:
        label = _("version %(number)s agreed by both sides") % {"number": version.number}
    elif version.municipality_agreed_at or version.initiative_agreed_at:
        waiting = _("the initiative") if version.municipality_agreed_at else _("the municipality")
        label = _("version %(number)s waits for the agreement of %(side)s") % {
            "number": version.number,
            "side": waiting,
        }
    else:
        label = _("version %(number)s waits for the agreement of both sides") % {"number": version.number}
    return {"agreement": {"label": label, "draft": draft}}
