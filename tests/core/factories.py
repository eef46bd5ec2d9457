import factory

from meedoen.core.models import Municipality


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
