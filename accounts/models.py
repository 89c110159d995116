from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.auth import is_plain_email, normalise_email, validate_plain_email
from core.models import VersionedModel


class Role(models.TextChoices):
    BEHEERDER = "beheerder", _("Administrator")
    MEDEWERKER = "medewerker", _("Editor")
    LEZER = "lezer", _("Reader")
    COORDINATOR = "coordinator", _("Initiative coordinator")


STAFF_ROLES = [Role.BEHEERDER, Role.MEDEWERKER, Role.LEZER]


class NotificationMail(models.TextChoices):
    """How a person hears by mail of what the other side of their partnerships did (docs/notifications.md)."""

    IMMEDIATE = "immediate", _("Right away, one mail per notification")
    DAILY = "daily", _("Once a day, in a digest")
    NONE = "none", _("No mail (only in my inbox)")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Exact, on the normalised form: `iexact` would let PostgreSQL's UPPER() fold look-alikes
        # (`kım` -> `KIM`) onto another account.
        return self.get(email=normalise_email(email))

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        if not is_plain_email(email):
            raise ValueError("Only a plain email address can have an account (accounts.auth.is_plain_email).")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.BEHEERDER)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin, VersionedModel):
    """A person who logs in with an email address. `role` decides what they may do."""

    # Stored in the normalised form (accounts.auth.normalise_email) and only plain addresses.
    email = models.EmailField(_("email address"), unique=True, validators=[validate_plain_email])
    full_name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEZER)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the pages and mail for this person."),
    )
    notification_mail = models.CharField(
        _("mail about notifications"),
        max_length=10,
        choices=NotificationMail.choices,
        default=NotificationMail.DAILY,
        help_text=_("What the other side of your partnerships did is always in your inbox on the home page."),
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Only active accounts can log in."))
    is_staff = models.BooleanField(
        _("technical admin access"), default=False, help_text=_("May open the technical Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs):
        # Always the normalised form: logins and lookups compare it exactly.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ExternalIdentity(models.Model):
    """A person's account at the municipality's OpenID Provider, linked to their Wijkpartner account.

    Single sign-on finds the account by (issuer, subject): the provider's stable identifier for the
    person, never a name or e-mail address, which can change or be reused.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("user"))
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    deactivated_by_sso = models.BooleanField(
        _("deactivated by single sign-on"),
        default=False,
        help_text=_("The account was deactivated because the provider's groups no longer gave a role."),
    )

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_external_identity"),
            models.UniqueConstraint(fields=["user", "issuer"], name="one_external_identity_per_issuer"),
        ]

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"
