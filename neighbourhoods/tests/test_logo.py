"""The municipality profile's theme and logo: what a beheerder may upload, where the logo shows
(header, documents) and how it is served."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from agreements import pdf as agreement_pdf
from agreements import services as agreement_services
from core.pdf import Brand, render_pdf, static_only_fetcher
from neighbourhoods import branding
from neighbourhoods.models import Municipality
from neighbourhoods.tests.factories import MunicipalityFactory, image_bytes, logo_upload
from overview import report
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "Het logo moet een PNG- of JPEG-afbeelding zijn."
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'


def profile_values(municipality, **changes):
    return {
        "version": municipality.version,
        "name": municipality.name,
        "cbs_code": municipality.cbs_code,
        "address": municipality.address,
        "short_term_years": municipality.short_term_years,
        "medium_term_years": municipality.medium_term_years,
        **changes,
    }


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Gemeente Den Haag", cbs_code="GM0518")


def test_a_beheerder_chooses_the_theme_and_uploads_the_logo(client, beheerder, municipality):
    client.force_login(beheerder)
    form = client.get(reverse("neighbourhoods:municipality")).content.decode()
    assert 'value="denhaag"' in form and "Gemeente Den Haag" in form and 'accept="image/png,image/jpeg"' in form

    png = image_bytes("PNG")
    upload = SimpleUploadedFile("Logo van de gemeente.png", png)
    response = client.post(
        reverse("neighbourhoods:municipality"), profile_values(municipality, theme="denhaag", logo=upload)
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.theme == "denhaag"
    assert municipality.logo.name.startswith("municipality/logo") and municipality.logo.name.endswith(".png")

    # The header shows the logo with the municipality's name as its text, on every page.
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    logo_url = f"{reverse('neighbourhoods:logo')}?v={municipality.version}"
    assert f'<img class="brand-logo" src="{logo_url}" alt="Gemeente Den Haag">' in page
    assert 'class="denhaag-theme"' in page

    # Served as what it is, to anyone (the login page shows it too).
    client.logout()
    assert logo_url in client.get(reverse("accounts:login")).content.decode()
    served = client.get(logo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.content == png
    assert "max-age=86400" in served["Cache-Control"]


def test_the_form_links_the_current_logo_and_keeps_it_when_no_new_one_is_sent(client, beheerder, municipality):
    municipality.logo.save("logo.png", ContentFile(image_bytes("PNG")))
    client.force_login(beheerder)
    form = client.get(reverse("neighbourhoods:municipality")).content.decode()
    assert f'<a href="{reverse("neighbourhoods:logo")}?v=1">municipality/logo' in form  # not an unserved media URL
    response = client.post(reverse("neighbourhoods:municipality"), profile_values(municipality), follow=True)
    assert "Er is niets gewijzigd." in response.content.decode()
    municipality.refresh_from_db()
    assert municipality.logo.name.startswith("municipality/logo") and municipality.version == 1


def test_a_jpeg_is_accepted_and_stored_under_the_extension_of_its_content(client, beheerder, municipality):
    client.force_login(beheerder)
    upload = SimpleUploadedFile("LOGO.JPEG.html", image_bytes("JPEG"))
    response = client.post(reverse("neighbourhoods:municipality"), profile_values(municipality, logo=upload))
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.logo.name.endswith(".jpg")
    assert client.get(reverse("neighbourhoods:logo"))["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.png", b"Dit is geen afbeelding.", NOT_AN_IMAGE),
        ("logo.svg", SVG_WITH_SCRIPT, NOT_AN_IMAGE),
        ("logo.gif", image_bytes("GIF"), NOT_AN_IMAGE),
        ("logo.bmp", image_bytes("BMP"), NOT_AN_IMAGE),
        ("logo.png", image_bytes("PNG", size=(4001, 10)), "Het logo is te groot: hoogstens 4000 pixels"),
        ("logo.png", image_bytes("PNG") + b"\0" * (1024 * 1024), "Het logo is te groot: hoogstens 1024 KB"),
    ],
)
def test_the_profile_form_refuses_what_is_not_a_png_or_jpeg_logo(
    client, beheerder, municipality, name, content, message
):
    client.force_login(beheerder)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("neighbourhoods:municipality"), profile_values(municipality, logo=upload))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="foutmeldingen"' in page  # the error summary, which takes the focus
    municipality.refresh_from_db()
    assert not municipality.logo and municipality.version == 1


def test_a_form_without_the_theme_keeps_the_current_one(client, beheerder, municipality):
    Municipality.objects.update(theme="denhaag")
    municipality.refresh_from_db()
    client.force_login(beheerder)
    response = client.post(reverse("neighbourhoods:municipality"), profile_values(municipality, name="Den Haag"))
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert (municipality.name, municipality.theme) == ("Den Haag", "denhaag")


def test_an_unknown_theme_is_refused(client, beheerder, municipality):
    client.force_login(beheerder)
    response = client.post(reverse("neighbourhoods:municipality"), profile_values(municipality, theme="../evil"))
    assert response.status_code == 200
    municipality.refresh_from_db()
    assert municipality.theme == "wijkpartner"


def test_the_logo_address_answers_404_without_a_png_or_jpeg_logo(client, municipality):
    assert client.get(reverse("neighbourhoods:logo")).status_code == 404
    # A file stored before the check (or by hand) that is not a PNG or JPEG is not served either.
    municipality.logo.save("oud.gif", ContentFile(image_bytes("GIF")))
    assert client.get(reverse("neighbourhoods:logo")).status_code == 404
    municipality.logo.save("weg.png", ContentFile(image_bytes("PNG")))
    municipality.logo.storage.delete(municipality.logo.name)
    assert client.get(reverse("neighbourhoods:logo")).status_code == 404


def test_without_a_logo_the_header_shows_the_name(client, lezer, municipality):
    client.force_login(lezer)
    page = client.get(reverse("neighbourhoods:list")).content.decode()
    assert '<span class="brand-municipality">Gemeente Den Haag</span>' in page and "brand-logo" not in page


def figures_and_fill_colours(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    figures = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    content = "\n".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    fills = {line for line in content.splitlines() if line.endswith(" rg")}
    return figures, fills


DEN_HAAG_GREEN = "0.137255 0.521569 0.254902 rg"  # #238541
WIJKPARTNER_BLUE = "0.082353 0.258824 0.45098 rg"  # #154273


def test_the_agreement_pdf_has_the_municipality_logo_and_main_colour(municipality, medewerker):
    municipality.logo.save("logo.png", ContentFile(image_bytes("PNG")))
    Municipality.objects.update(theme="denhaag")
    municipality.refresh_from_db()
    draft = agreement_services.create_draft(PartnershipFactory(), form="intentieovereenkomst", actor=medewerker)
    version = agreement_services.freeze(draft, actor=medewerker)

    figures, fills = figures_and_fill_colours(agreement_pdf.render(version, municipality=municipality))
    assert figures == ["Gemeente Den Haag"]  # the logo, tagged with its text (PDF/UA)
    assert DEN_HAAG_GREEN in fills and WIJKPARTNER_BLUE not in fills

    # Without a municipality: Wijkpartner's colour, no logo.
    figures, fills = figures_and_fill_colours(agreement_pdf.render(version))
    assert figures == [] and WIJKPARTNER_BLUE in fills


def test_the_overview_report_pdf_has_the_logo_and_main_colour(municipality):
    municipality.logo.save("logo.jpg", ContentFile(image_bytes("JPEG")))
    figures, fills = figures_and_fill_colours(render_pdf("overview/report_pdf.html", report.context()))
    assert figures == ["Gemeente Den Haag"] and WIJKPARTNER_BLUE in fills


def test_the_pdf_fetcher_opens_a_logo_data_uri_and_still_nothing_else():
    fetcher = static_only_fetcher()
    logo = Brand(logo=image_bytes("PNG"), logo_type="image/png").logo_uri
    assert fetcher.fetch(logo).read() == image_bytes("PNG")
    for url in ["data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        Brand(logo=b"<svg/>", logo_type="image/svg+xml")


def test_pdf_brand_follows_the_profile(municipality):
    brand = branding.pdf_brand(municipality)
    assert (brand.colour, brand.logo, brand.logo_alt) == ("#154273", b"", "Gemeente Den Haag")
    municipality.logo.save("logo.png", ContentFile(image_bytes("PNG")))
    municipality.theme = "denhaag"
    brand = branding.pdf_brand(municipality)
    assert (brand.colour, brand.logo_type) == ("#238541", "image/png") and brand.logo == image_bytes("PNG")
    assert branding.pdf_brand(None).colour == "#154273"


def test_logo_upload_helper_makes_a_real_png():
    assert branding.image_format(logo_upload()) == "PNG"
