"""Responses to someone logged in are kept by no cache: not the browser's disk, not a proxy.

Pages, exports, PDFs and downloads of a logged-in user hold personal and internal data; after
logging out on a shared computer, the back button or the browser cache must not show them.
Anonymous responses (the login page, the accessibility statement, static files served by
WhiteNoise before this middleware) keep their own caching.
"""

from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # patch_cache_control drops a `public` that a view may have set.
            patch_cache_control(response, private=True, no_store=True)
        return response
