"""The municipality's logo: what is accepted on upload, how it is read back for the header and for
documents (with the theme's main colour).

Only PNG and JPEG are accepted, recognised by their content (Pillow), not by the name or the
browser's word: an SVG could carry script, so SVG is refused rather than sanitised.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.pdf import Brand
from neighbourhoods import themes

# Pillow's format name -> (file extension, content type)
LOGO_FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 4000  # pixels; a small file can still unpack into a huge image

NOT_PNG_OR_JPEG = _("The logo must be a PNG or JPEG image. This file is not; SVG and other formats are not accepted.")


def image_format(file) -> str | None:
    """Pillow's name of the format of an open image file ("PNG", "JPEG", ...), or None."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)


def validate_logo(file) -> None:
    """A PNG or JPEG of at most 1 MB and 4000 pixels a side, judged by its content."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(max)s KB.") % {"max": LOGO_MAX_BYTES // 1024}, code="too_large"
        )
    if image_format(file) not in LOGO_FORMATS:
        raise ValidationError(NOT_PNG_OR_JPEG, code="invalid_image")
    file.seek(0)
    with Image.open(file) as image:
        width, height = image.size
    file.seek(0)
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError(
            _("The logo is too large: at most %(max)s pixels wide and high.") % {"max": LOGO_MAX_SIDE},
            code="too_large",
        )


def stored_name(file) -> str:
    """The name to store an accepted logo under: its extension follows its content."""
    extension, _content_type = LOGO_FORMATS[image_format(file)]
    return f"logo.{extension}"


def read_logo(municipality) -> tuple[bytes, str] | None:
    """The logo's bytes and content type, if there is a logo and it is a PNG or JPEG; else None
    (also when the file has gone from the storage)."""
    if municipality is None or not municipality.logo:
        return None
    try:
        with municipality.logo.open("rb") as file:
            data = file.read()
            found = image_format(file)
    except OSError:
        return None
    if found not in LOGO_FORMATS:
        return None
    return data, LOGO_FORMATS[found][1]


def pdf_brand(municipality) -> Brand:
    """The municipality's logo (its name as the text) and its theme's main colour, for documents."""
    if municipality is None:
        return Brand(colour=themes.get(None).primary_color)
    logo = read_logo(municipality)
    return Brand(
        colour=municipality.look.primary_color,
        logo=logo[0] if logo else b"",
        logo_type=logo[1] if logo else "",
        logo_alt=municipality.name,
    )
