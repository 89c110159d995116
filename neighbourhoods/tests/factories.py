import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from neighbourhoods.models import Municipality, Neighbourhood


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = "Gemeente Voorbeeld"
    cbs_code = "GM0402"


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    kind = Neighbourhood.Kind.WIJK
    code = factory.Sequence(lambda n: f"WK0402{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    municipality_code = "GM0402"


class BuurtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    kind = Neighbourhood.Kind.BUURT
    parent = factory.SubFactory(WijkFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.parent.code[2:8]}{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")
    municipality_code = "GM0402"


def image_bytes(image_format="PNG", size=(120, 40), colour=(35, 133, 65)) -> bytes:
    """A small real image (Pillow), as a logo would be."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def logo_upload(name="logo.png", image_format="PNG", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(image_format, **kwargs))
