from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch unless the person chose otherwise.

    The language comes from the logged-in user's account, else from the language cookie set by
    the language switch, else LANGUAGE_CODE (nl). The browser's Accept-Language is ignored on
    purpose: a municipal app is Dutch first, and English is a choice the user makes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = dict(settings.LANGUAGES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = user.language if user is not None and user.is_authenticated and user.language else None
        if language not in self.supported:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override, not activate: the language must not leak into whatever the thread does next.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
