import pytest

from accounts.tests.factories import UserFactory
from documents import services
from documents.tests import files
from partnerships import notices
from partnerships.models import CoordinatorAccess
from partnerships.tests.factories import PartnershipFactory


def coordinator_of(initiative):
    user = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=user, initiative=initiative)
    return user


def add_document(
    partnership, *, actor=None, shared=True, title="Haalbaarheidsstudie", data=None, name="studie.pdf", **kw
):
    return services.upload(
        partnership,
        actor=actor,
        upload=files.upload(data if data is not None else files.pdf(), name),
        title=title,
        shared=shared,
        **kw,
    )


@pytest.fixture
def partnership(db):
    return PartnershipFactory(initiative__name="Energiecoöperatie Zonnig")


@pytest.fixture
def coordinator(partnership):
    return coordinator_of(partnership.initiative)


@pytest.fixture
def told():
    """The notices services tell (partnerships.notices), as (kind, notice)."""
    heard = []

    def receiver(sender, notice, **kwargs):
        heard.append(notice)

    notices.file_event.connect(receiver, weak=False)
    yield heard
    notices.file_event.disconnect(receiver)
