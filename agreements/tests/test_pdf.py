"""The PDF: its text, tags, language, title and embedded fonts; and that user text cannot fetch anything."""

import io

import pytest
from pypdf import PdfReader

from agreements import pdf, services
from neighbourhoods.tests.factories import MunicipalityFactory
from partnerships import services as partnership_services
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(medewerker):
    MunicipalityFactory(name="Gemeente Voorbeeld")
    partnership = PartnershipFactory(initiative__name="Zonnig Zuid (fictief)")
    partnership_services.add_activity(
        partnership, actor=medewerker, values={"what": "Buurtavond organiseren", "responsible": "initiative"}
    )
    draft = services.create_draft(partnership, form="intentieovereenkomst", actor=medewerker)
    return services.freeze(draft, actor=medewerker)


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_shows_parties_activities_and_concept_until_agreed(version, medewerker):
    text = text_of(pdf.render(version))
    assert "Gemeente Voorbeeld" in text and "Zonnig Zuid (fictief)" in text
    assert "Buurtavond organiseren" in text
    assert "CONCEPT" in text
    assert "pagina 1 van" in text and "versie 1" in text

    coordinator_side = version.draft.partnership.initiative
    from accounts.tests.factories import UserFactory
    from partnerships.models import CoordinatorAccess

    coordinator = UserFactory(role="coordinator")
    CoordinatorAccess.objects.create(user=coordinator, initiative=coordinator_side)
    services.agree(version, side="municipality", actor=medewerker)
    services.agree(version, side="initiative", actor=coordinator)
    version.refresh_from_db()
    assert "CONCEPT" not in text_of(pdf.render(version))


def test_the_pdf_is_tagged_dutch_titled_and_embeds_its_fonts(version):
    reader = PdfReader(io.BytesIO(pdf.render(version)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower().startswith("nl")
    assert reader.metadata.title.startswith("Intentieovereenkomst Zonnig Zuid (fictief)")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
            fonts.add(str(font["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts)


def test_user_html_in_a_clause_is_text_and_fetches_nothing(version, medewerker, monkeypatch):
    draft = version.draft
    section = draft.sections.get(key="uitgangspunten")
    evil = '<script>alert("x")</script> <img src="file:///etc/passwd"> <img src="http://example.org/t.png">'
    services.update_section(section, actor=medewerker, expected_version=draft.version, text=evil)
    new_version = services.freeze(draft, actor=medewerker)

    fetched = []
    from weasyprint.urls import URLFetcher

    original = URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    text = text_of(pdf.render(new_version))
    assert '<script>alert("x")</script>' in text.replace("\n", " ")
    assert "file:///etc/passwd" in text
    # Only our own fonts were fetched: the user's "images" are text, not requests.
    # (and the CONCEPT watermark, a picture among our static files)
    assert fetched and all(
        (url.endswith(".ttf") and "/static/fonts/" in url) or url.endswith("/static/img/concept-watermark.png")
        for url in fetched
    )


def test_the_fetcher_refuses_anything_outside_the_static_files():
    fetcher = pdf.static_only_fetcher()
    for url in ["file:///etc/passwd", "http://example.org/a.png", (pdf.STATIC_DIR / ".." / "manage.py").as_uri()]:
        with pytest.raises(ValueError):
            fetcher(url)
