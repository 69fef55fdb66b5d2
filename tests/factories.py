"""Factories for the tests. Organizations go through the service so their path is right."""

import factory
from django.contrib.auth import get_user_model

from unions.models import Membership, Organization, OrganizationKind
from unions.services import organization_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    password = factory.django.Password("pw-Secret-123")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG-{n:05d}")
    name = factory.Sequence(lambda n: f"Công đoàn cơ sở số {n}")
    kind = OrganizationKind.GRASSROOTS
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return organization_create(**kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "officer"
