"""A document ready to sign: signatories, the signature block, the record of agreement, the college
decision, empty sections left out and each activity once; the signed scan moves the partnership on."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from accounts.tests.factories import UserFactory
from agreements import document, pdf, services
from agreements.models import Signatory
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.models import CoordinatorAccess, Partnership
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def signing(medewerker):
    """An agreement with signatories on both sides, agreed by both sides at known times."""
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(initiative__name="Zonnig Zuid (fictief)", status="in_conversation")
    partnership_services.add_activity(
        partnership, actor=medewerker, values={"what": "Buurtavond organiseren", "responsible": "initiative"}
    )
    wethouder = services.add_signatory(
        actor=medewerker, values={"name": "A. de Wethouder", "function": "wethouder", "mandate": ""}
    )
    chair = services.add_signatory(
        actor=medewerker,
        values={"name": "B. Voorzitter", "function": "voorzitter", "mandate": ""},
        initiative=partnership.initiative,
    )
    treasurer = services.add_signatory(
        actor=medewerker,
        values={"name": "C. Penningmeester", "function": "penningmeester", "mandate": ""},
        initiative=partnership.initiative,
    )
    draft = services.create_draft(partnership, form="samenwerkingsverklaring", actor=medewerker)
    services.set_signatories(draft, actor=medewerker, signatories=[wethouder, chair, treasurer])
    version = services.freeze(draft, actor=medewerker)
    coordinator = UserFactory(role="coordinator", full_name="Carla Coördinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=partnership.initiative)
    return {"partnership": partnership, "draft": draft, "version": version, "coordinator": coordinator}


def agree_both(version, medewerker, coordinator, *, municipality_at, initiative_at, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: municipality_at)
    services.agree(version, side="municipality", actor=medewerker)
    monkeypatch.setattr(timezone, "now", lambda: initiative_at)
    services.agree(version, side="initiative", actor=coordinator)
    monkeypatch.undo()
    version.refresh_from_db()
    return version


def test_the_version_keeps_who_signs_for_each_side(signing):
    assert signing["version"].parties["signatories"] == {
        "municipality": [{"name": "A. de Wethouder", "function": "wethouder", "mandate": ""}],
        "initiative": [
            {"name": "B. Voorzitter", "function": "voorzitter", "mandate": ""},
            {"name": "C. Penningmeester", "function": "penningmeester", "mandate": ""},
        ],
    }


def test_the_signature_block_and_record_of_agreement_show_the_right_people_and_times(
    signing, medewerker, monkeypatch, settings
):
    settings.TIME_ZONE = "Europe/Amsterdam"
    medewerker.full_name = "Mia Medewerker"
    medewerker.save()
    amsterdam = datetime.timezone(datetime.timedelta(hours=1))
    version = agree_both(
        signing["version"],
        medewerker,
        signing["coordinator"],
        municipality_at=datetime.datetime(2026, 3, 2, 10, 15, tzinfo=amsterdam),
        initiative_at=datetime.datetime(2026, 3, 4, 16, 40, tzinfo=amsterdam),
        monkeypatch=monkeypatch,
    )
    services.record_college_decision(
        version, actor=medewerker, date=datetime.date(2026, 3, 10), reference="B&W-2026-17"
    )

    blocks = document.signature_blocks(version)
    assert [(b.party, b.name, b.function) for b in blocks] == [
        ("Gemeente Voorbeeld", "A. de Wethouder", "wethouder"),
        ("Zonnig Zuid (fictief)", "B. Voorzitter", "voorzitter"),
        ("Zonnig Zuid (fictief)", "C. Penningmeester", "penningmeester"),
    ]
    record = dict(document.record_of_agreement(version))
    assert record["Akkoord namens Gemeente Voorbeeld"] == "Mia Medewerker, 2 maart 2026, 10:15"
    assert record["Akkoord namens Zonnig Zuid (fictief)"] == "Carla Coördinator, 4 maart 2026, 16:40"
    assert record["Besluit van het college"] == "10 maart 2026, kenmerk B&W-2026-17"
    assert record["Versie"].startswith("1, vastgesteld op")

    text = text_of(pdf.render(version))
    for expected in (
        "Namens Gemeente Voorbeeld",
        "A. de Wethouder",
        "Namens Zonnig Zuid (fictief)",
        "B. Voorzitter",
        "C. Penningmeester",
        "Plaats:",
        "Handtekening:",
        "Vastlegging van het akkoord",
        "Mia Medewerker, 2 maart 2026, 10:15",
        "Carla Coördinator, 4 maart 2026, 16:40",
        "kenmerk B&W-2026-17",
    ):
        assert expected in text, expected


def test_a_side_without_signatories_gets_an_empty_block_to_fill_in(medewerker):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(initiative__name="Zonder Namen")
    draft = services.create_draft(partnership, form="afsprakenlijst", actor=medewerker)
    version = services.freeze(draft, actor=medewerker)
    blocks = document.signature_blocks(version)
    assert [(b.party, b.name) for b in blocks] == [("Gemeente Voorbeeld", ""), ("Zonder Namen", "")]
    record = dict(document.record_of_agreement(version))
    assert record["Akkoord namens Zonder Namen"] == "nog niet akkoord"


def test_empty_sections_are_left_out_and_each_activity_appears_once(signing):
    version = signing["version"]
    empty = [s["title"] for s in version.sections if not s["text"].strip()]
    assert empty, "the fixture should have an empty section"
    shown = document.sections(version)
    assert [s.number for s in shown] == list(range(1, len(shown) + 1))
    assert not {s.title for s in shown} & set(empty)
    text = text_of(pdf.render(version))
    for title in empty:
        assert f". {title}\n" not in text
    assert text.count("Buurtavond organiseren") == 1


def test_only_active_signatories_of_the_municipality_and_this_initiative_can_be_named(signing, medewerker):
    other = services.add_signatory(
        actor=medewerker,
        values={"name": "X", "function": "voorzitter", "mandate": ""},
        initiative=PartnershipFactory().initiative,
    )
    with pytest.raises(services.AgreementError):
        services.set_signatories(signing["draft"], actor=medewerker, signatories=[other])
    gone = Signatory.objects.get(name="A. de Wethouder")
    services.deactivate_signatory(gone, actor=medewerker)
    with pytest.raises(services.AgreementError):
        services.set_signatories(signing["draft"], actor=medewerker, signatories=[gone])


def test_a_mandated_official_needs_a_mandate_decision(medewerker):
    with pytest.raises(services.AgreementError):
        services.add_signatory(actor=medewerker, values={"name": "D", "function": "gemandateerde", "mandate": " "})
    with pytest.raises(services.AgreementError):
        services.add_signatory(actor=medewerker, values={"name": "D", "function": "voorzitter", "mandate": ""})
    s = services.add_signatory(
        actor=medewerker, values={"name": "D", "function": "gemandateerde", "mandate": "Mandaatbesluit 2025, nr. 12"}
    )
    assert s.as_party()["function"] == "gemandateerd ambtenaar"


def test_uploading_the_signed_scan_records_the_date_and_makes_the_partnership_active(signing, medewerker, monkeypatch):
    version = agree_both(
        signing["version"],
        medewerker,
        signing["coordinator"],
        municipality_at=timezone.now(),
        initiative_at=timezone.now(),
        monkeypatch=monkeypatch,
    )
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    upload = SimpleUploadedFile("getekend.pdf", out.getvalue(), content_type="application/pdf")
    scan = services.upload_scan(version.draft, actor=medewerker, upload=upload, signed_on=datetime.date(2026, 4, 1))
    assert scan.signed_on == datetime.date(2026, 4, 1)
    assert Partnership.objects.get(pk=signing["partnership"].pk).status == Partnership.Status.ACTIVE
