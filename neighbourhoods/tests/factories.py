import factory

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
