"""Every change to documents: upload, rename, replace, share, remove. In one transaction each, with
the history, refused for a closed partnership; a shared document tells the initiative's side
(partnerships.notices)."""

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.concurrency import bump_version
from core.exceptions import ActionRefused
from core.models import ChangeEntry
from documents import content
from documents.models import Document, DocumentVersion
from partnerships import notices, workflow


class DocumentRefused(ActionRefused):
    """The file or the change cannot be accepted; the message says why."""


def too_large_message(size: int) -> str:
    return _("The file is %(size)s; at most %(max)s can be uploaded.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(settings.DOCUMENT_MAX_BYTES),
    }


def check_file(upload) -> tuple[bytes, content.Kind]:
    """The bytes of `upload` and the kind its content shows, or DocumentRefused."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise DocumentRefused(too_large_message(upload.size))
    upload.seek(0)
    data = upload.read(settings.DOCUMENT_MAX_BYTES + 1)
    if len(data) > settings.DOCUMENT_MAX_BYTES:
        raise DocumentRefused(too_large_message(len(data)))
    if not data:
        raise DocumentRefused(_("The file is empty."))
    try:
        kind = content.detect(data)
    except content.ContentRefused as refusal:
        raise DocumentRefused(str(refusal)) from refusal
    return data, kind


def detail_url(document) -> str:
    return reverse("documents:detail", args=[document.pk])


def _add_version(document, *, actor, upload, data, kind, written: list) -> DocumentVersion:
    """Store the file under a new version number; its name is added to `written`."""
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=(upload.name or "")[:255] or f"{document.title}.{kind.extension}",
        size=len(data),
        content_type=kind.content_type,
        extension=kind.extension,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # A random name with the extension of the detected type; never the uploader's name.
    version.file.save(f"{uuid.uuid4().hex}.{kind.extension}", ContentFile(data), save=False)
    written.append(version.file.name)
    version.save()
    document.current = version
    return version


def _storage():
    return DocumentVersion._meta.get_field("file").storage


def _is_staff(user) -> bool:
    return user is not None and user.has_perm("documents.see_internal")


def upload(
    partnership, *, actor, upload, title, description="", shared=False, conversation=None, meeting=None
) -> Document:
    """A new document with its first version. A coordinator's document is always shared."""
    if conversation is not None and conversation.partnership_id != partnership.pk:
        raise DocumentRefused(_("The conversation belongs to another partnership."))
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise DocumentRefused(_("The meeting belongs to another partnership."))
    data, kind = check_file(upload)
    from_initiative = actor is not None and actor.is_authenticated and not _is_staff(actor)
    shared = shared or from_initiative
    written = []
    try:
        return _upload(
            partnership,
            actor,
            upload,
            data,
            kind,
            title,
            description,
            shared,
            (conversation, meeting),
            written,
            from_initiative,
        )
    except BaseException:
        _delete_files(_storage(), written)  # the transaction rolled back: no file without its row
        raise


@transaction.atomic
def _upload(partnership, actor, upload, data, kind, title, description, shared, about, written, from_initiative):
    workflow.ensure_open(partnership)
    conversation, meeting = about
    document = Document.objects.create(
        partnership=partnership,
        conversation=conversation,
        meeting=meeting,
        title=title.strip()[:200],
        description=description.strip(),
        shared_with_initiative=shared,
        from_initiative=from_initiative,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    version = _add_version(document, actor=actor, upload=upload, data=data, kind=kind, written=written)
    document.save(update_fields=["current"])
    internal = not shared
    history.record(
        document,
        actor=actor,
        action=ChangeEntry.Action.CREATE,
        changes=[
            history.event("document_added", new=document.title, internal=internal),
            history.event("document_file", new=version.original_name, internal=internal),
            history.change(Document, "shared_with_initiative", "", shared) | {"internal": internal},
        ],
    )
    if shared:
        notices.tell(
            partnership,
            "document_shared",
            actor=actor,
            obj=document,
            url=detail_url(document),
            summary=document.title,
        )
    return document


def replace(document, *, actor, upload, expected_version: int) -> DocumentVersion:
    """A new version of the file; the earlier versions are kept."""
    data, kind = check_file(upload)
    written = []
    try:
        return _replace(document, actor, upload, data, kind, expected_version, written)
    except BaseException:
        _delete_files(_storage(), written)
        raise


@transaction.atomic
def _replace(document, actor, upload, data, kind, expected_version, written):
    workflow.ensure_open(document.partnership)
    _ensure_present(document)
    bump_version(document, expected_version)
    old_name = document.current.original_name if document.current_id else ""
    version = _add_version(document, actor=actor, upload=upload, data=data, kind=kind, written=written)
    document.save(update_fields=["current", "updated_at"])
    internal = not document.shared_with_initiative
    history.record(
        document,
        actor=actor,
        action=ChangeEntry.Action.UPDATE,
        changes=[history.event("document_replaced", old=old_name, new=version.original_name, internal=internal)],
    )
    if document.shared_with_initiative:
        notices.tell(
            document.partnership,
            "document_replaced",
            actor=actor,
            obj=document,
            url=detail_url(document),
            summary=document.title,
        )
    return version


def rename(document, *, actor, expected_version: int, title: str, description: str) -> Document:
    """A new title and description; the history keeps the old ones."""
    with transaction.atomic():
        workflow.ensure_open(document.partnership)
        _ensure_present(document)
        bump_version(document, expected_version)
        before = history.snapshot(document, ["title", "description"])
        document.title = title.strip()[:200]
        document.description = description.strip()
        document.save(update_fields=["title", "description", "updated_at"])
        internal = not document.shared_with_initiative
        changes = [
            item | {"internal": internal}
            for item in history.diff(document, before, history.snapshot(document, ["title", "description"]))
        ]
        if changes:
            history.record(document, actor=actor, action=ChangeEntry.Action.UPDATE, changes=changes)
    return document


def set_shared(document, *, actor, shared: bool) -> Document:
    """Staff share a document with the initiative, or make it internal again."""
    with transaction.atomic():
        workflow.ensure_open(document.partnership)
        _ensure_present(document)
        if document.shared_with_initiative == shared:
            return document
        if not shared and document.from_initiative:
            raise DocumentRefused(_("A document the initiative added stays shared with it."))
        document.shared_with_initiative = shared
        document.version += 1
        document.save(update_fields=["shared_with_initiative", "version", "updated_at"])
        # Once internal again, the initiative does not read that it was.
        change = history.change(Document, "shared_with_initiative", not shared, shared) | {"internal": not shared}
        history.record(document, actor=actor, action=ChangeEntry.Action.UPDATE, changes=[change])
        if shared:
            notices.tell(
                document.partnership,
                "document_shared",
                actor=actor,
                obj=document,
                url=detail_url(document),
                summary=document.title,
            )
    return document


def remove(document, *, actor) -> Document:
    """Remove a document: its versions' files are deleted once the transaction commits; the
    document stays as a record that it was there, and the history names the files."""
    with transaction.atomic():
        workflow.ensure_open(document.partnership)
        _ensure_present(document)
        versions = list(document.versions.order_by("number"))
        files = [v.file.name for v in versions if v.file]
        storage = DocumentVersion._meta.get_field("file").storage
        internal = not document.shared_with_initiative
        document.removed_at = timezone.now()
        document.removed_by = actor if actor is not None and actor.is_authenticated else None
        document.current = None
        document.version += 1
        document.save(update_fields=["removed_at", "removed_by", "current", "version", "updated_at"])
        DocumentVersion.objects.filter(document=document).delete()
        history.record(
            document,
            actor=actor,
            action=ChangeEntry.Action.DELETE,
            changes=[
                history.event("document_removed", new=document.title, internal=internal),
                history.event("files_deleted", new=", ".join(v.original_name for v in versions), internal=internal),
            ],
        )
        transaction.on_commit(lambda: _delete_files(storage, files))
    return document


def _delete_files(storage, names) -> None:
    for name in names:
        storage.delete(name)


def _ensure_present(document) -> None:
    if Document.objects.filter(pk=document.pk, removed_at__isnull=False).exists():
        raise DocumentRefused(_("This document has been removed."))


def meeting_documents(meeting, user) -> list:
    """The documents of one meeting that `user` may see (one query)."""
    return list(
        Document.objects.filter(meeting=meeting)
        .visible_to(user, staff=_is_staff(user))
        .select_related("current")
        .order_by("title", "pk")
    )


def partnership_section(partnership, user) -> dict:
    """The documents part of the partnership page (partnerships.sections): the latest few the user
    may see, and per conversation its documents. Two queries, whatever the number of documents."""
    staff = _is_staff(user)
    visible = (
        Document.objects.filter(partnership=partnership)
        .visible_to(user, staff=staff)
        .select_related("current", "created_by")
    )
    by_conversation: dict[int, list] = {}
    for document in visible.filter(conversation__isnull=False):
        by_conversation.setdefault(document.conversation_id, []).append(document)
    return {
        "documents_section": {
            "latest": list(visible[:5]),
            "by_conversation": by_conversation,
            "can_upload": user.has_perm("documents.upload", partnership) and partnership.status not in workflow.CLOSED,
            "staff": staff,
        }
    }
