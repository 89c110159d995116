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

    class Params:
        stopped = factory.Trait(
            status=Partnership.Status.STOPPED_TOGETHER,
            stop_reasons="Te ver uit elkaar",
            stop_agreed_by="Beide besturen",
            stop_date=factory.Faker("date_object"),
        )
