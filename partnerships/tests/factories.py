import factory

from partnerships.models import Initiative, Partnership


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    name = factory.Sequence(lambda n: f"Energiecoöperatie {n} (fictief)")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    initiative = factory.SubFactory(InitiativeFactory)
