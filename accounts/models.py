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


class CoordinatorAccess(models.Model):
    """An initiative coordinator's access to one initiative. Revoking ends it at once, on every device:
    every request checks for an active row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coordinator_access", verbose_name=_("user"))
    initiative = models.ForeignKey(
        "partnerships.Initiative",
        on_delete=models.CASCADE,
        related_name="coordinator_access",
        verbose_name=_("initiative"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coordinator access")
        verbose_name_plural = _("coordinator access")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "initiative"], condition=models.Q(revoked_at__isnull=True), name="one_active_access"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.initiative}"


class Invitation(models.Model):
    """An invitation for a coordinator. Only a hash of the token is stored; the link works once."""

    class State(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    initiative = models.ForeignKey(
        "partnerships.Initiative", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("initiative")
    )
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("accepted by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    access = models.ForeignKey(CoordinatorAccess, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.initiative})"

    def save(self, *args, **kwargs):
        # The normalised form, as the account it leads to: accepting and personal data compare exactly.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.SENT

    def get_state_display(self):
        return self.State(self.state).label
