from django.urls import reverse

from accounts.tests.factories import UserFactory
from partnerships import services as partnership_services


def test_the_technical_admin_shows_the_mail_state_read_only(client, side):
    partnership_services.add_comment(side.conversation, actor=side.contact, text="Hoi")
    admin = UserFactory(beheerder=True, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:notifications_notification_changelist")).content.decode()
    assert side.coordinator.full_name in page and "comment_added" in page
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
