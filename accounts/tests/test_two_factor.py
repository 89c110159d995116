"""Two-factor authentication: required for beheerders (configurable), optional for others."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "een-goed-wachtwoord"


@pytest.fixture(autouse=True)
def require_for_beheerder(settings):
    settings.OTP_REQUIRED_ROLES = ["beheerder"]


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_a_beheerder_without_a_device_must_set_one_up_and_gets_recovery_codes(client):
    beheerder = UserFactory(beheerder=True)
    log_in(client, beheerder)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup"))
    setup = client.get(reverse("accounts:two_factor_setup"))
    assert "<svg" in setup.content.decode()  # the QR code, drawn here, not fetched
    device = TOTPDevice.objects.get(user=beheerder, confirmed=False)
    assert client.post(reverse("accounts:two_factor_setup"), {"token": "000000"}).status_code == 200
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert response.status_code == 200
    assert StaticToken.objects.filter(device__user=beheerder).count() == 10
    assert response.content.decode().count("<code") == 10
    assert client.get(reverse("accounts:user_list")).status_code == 200  # verified now


def test_with_a_device_the_login_asks_for_a_code_and_refuses_a_wrong_one(client):
    beheerder = UserFactory(beheerder=True)
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    log_in(client, beheerder)
    response = client.get(reverse("overview:home"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    response = client.post(reverse("accounts:two_factor_verify"), {"token": "123456", "next": "/"})
    assert response.status_code == 200 and "niet juist" in response.content.decode()
    assert client.get(reverse("overview:home")).status_code == 302
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("overview:home")).status_code == 200


def test_a_recovery_code_works_once(client):
    beheerder = UserFactory(beheerder=True)
    TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    from accounts import two_factor

    codes = two_factor.new_recovery_codes(beheerder)
    log_in(client, beheerder)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))
    log_in(client, beheerder)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert response.status_code == 200  # used up


def test_the_next_parameter_cannot_send_you_elsewhere(client):
    beheerder = UserFactory(beheerder=True)
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    log_in(client, beheerder)
    response = client.post(
        reverse("accounts:two_factor_verify"), {"token": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("overview:home")


def test_other_roles_are_not_forced_but_may_enable_it(client):
    medewerker = UserFactory(medewerker=True)
    log_in(client, medewerker)
    assert client.get(reverse("overview:home")).status_code == 200
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=medewerker)
    client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    client.post(reverse("accounts:logout"))
    log_in(client, medewerker)
    assert client.get(reverse("overview:home"))["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_coordinator_may_enable_it_and_switch_it_off_again(client):
    coordinator = UserFactory(role="coordinator")
    client.force_login(coordinator)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=coordinator)
    client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_required_second_factor_cannot_be_switched_off(client):
    beheerder = UserFactory(beheerder=True)
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    log_in(client, beheerder)
    client.post(reverse("accounts:two_factor_verify"), {"token": code(device)})
    client.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=beheerder).exists()


def test_the_required_roles_are_a_setting(client, settings):
    settings.OTP_REQUIRED_ROLES = ["medewerker"]
    log_in(client, UserFactory(medewerker=True))
    assert client.get(reverse("overview:home"))["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_wrong_codes_are_throttled(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    beheerder = UserFactory(beheerder=True)
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    log_in(client, beheerder)
    client.post(reverse("accounts:two_factor_verify"), {"token": "000000"})
    # Right after a wrong code even the right one waits: guessing 10^6 codes is not possible.
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code(device)})
    assert response.status_code == 200
    assert client.get(reverse("overview:home")).status_code == 302
