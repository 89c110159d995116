from django.urls import path

from accounts import oidc_views, views

app_name = "accounts"
urlpatterns = [
    # The login and logout pages know of single sign-on (accounts/oidc_views.py).
    path("inloggen/", oidc_views.LoginView.as_view(), name="login"),
    path("uitloggen/", oidc_views.LogoutView.as_view(), name="logout"),
    path("inloggen/sso/", oidc_views.sso_login, name="sso_login"),
    path("inloggen/sso/terug/", oidc_views.sso_callback, name="sso_callback"),
    path("inloggen/sso/sleutels/", oidc_views.sso_jwks, name="sso_jwks"),
    path("taal/", views.set_language, name="set_language"),
    path("mijn-account/", views.ProfileView.as_view(), name="profile"),
    path("tweestaps/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("tweestaps/instellen/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("tweestaps/uitzetten/", views.two_factor_disable, name="two_factor_disable"),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("wachtwoord-ingesteld/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("gebruikers/", views.UserListView.as_view(), name="user_list"),
    path("gebruikers/nieuw/", views.UserCreateView.as_view(), name="user_create"),
    path("gebruikers/<int:pk>/", views.UserUpdateView.as_view(), name="user_update"),
]
