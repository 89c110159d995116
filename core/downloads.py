"""Every download's Content-Disposition header, built in one place.

Django's `content_disposition_header` writes RFC 6266: a plain `filename="..."` for simple ASCII
names and `filename*=utf-8''...` (percent-encoded UTF-8) otherwise, so "Energiecoöperatie" stays
whole in the name the browser saves. The name is put on one line first: a name stored with a line
break (an initiative, a draft title) must not break the header.
"""

import unicodedata

from django.utils.http import content_disposition_header

from core.safety import one_line


def download_filename(name, *, default: str = "download") -> str:
    """A file name for a download: one line, composed Unicode (ö, not o + ¨), no folders."""
    text = one_line(unicodedata.normalize("NFC", str(name or "")))
    text = text.replace("/", "-").replace("\\", "-").strip(" .")
    return text or default


def set_attachment(response, filename, *, as_attachment: bool = True):
    """Make `response` a download saved as `filename`; returns the response."""
    response["Content-Disposition"] = content_disposition_header(as_attachment, download_filename(filename))
    return response
