import factory

from accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@gemeente.example")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.MEDEWERKER
    password = factory.PostGenerationMethodCall("set_password", "een-goed-wachtwoord")

    class Params:
        beheerder = factory.Trait(role=Role.BEHEERDER)
        medewerker = factory.Trait(role=Role.MEDEWERKER)
        lezer = factory.Trait(role=Role.LEZER)
        inactive = factory.Trait(is_active=False)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
