"""Everything under /api/ passes here, first after the security headers:

- API_ACCESS=off: 404 for every address, as if there were no API;
- the login session is not used (the session cookie is set aside), so the API answers a logged-in
  browser as it answers anyone, and login-only redirects (two-factor, session timeout) never apply;
- CORS for reading from any origin (GET, HEAD; OPTIONS answers the preflight);
- an ETag on every 200 answer to GET or HEAD, and 304 Not Modified when If-None-Match matches;
- Cache-Control: public for a minute when the API is public, private when it needs a key;
- Django's own error pages (an unknown address, a trailing slash, a server error) as problem+json;
- the full version in the API-Version header.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag

from api import API_VERSION, access
from api.problems import PROBLEM_JSON, problem_response

PREFIX = "/api/"
CACHE_SECONDS = 60
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Crs, If-None-Match, X-Api-Key"
EXPOSED_HEADERS = "API-Version, Content-Crs, ETag, Retry-After"


def is_api(request) -> bool:
    return request.path_info.startswith(PREFIX) or request.path_info == PREFIX.rstrip("/")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        if access.mode() == access.OFF:
            return problem_response(request, 404)
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        if request.method == "OPTIONS":
            response = self.options(request)
        else:
            response = self.get_response(request)
            if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
                response = problem_response(request, response.status_code)
            elif response.status_code == 200 and request.method in ("GET", "HEAD"):
                response = self.cacheable(request, response)
        response["API-Version"] = API_VERSION
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    def options(self, request):
        """A CORS preflight (or any OPTIONS) for an existing address: what may be sent."""
        try:
            resolve(request.path_info)
        except Resolver404:
            return problem_response(request, 404)
        response = HttpResponse(status=204)
        del response["Content-Type"]
        response["Allow"] = ALLOWED_METHODS
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = "86400"
        return response

    def cacheable(self, request, response):
        if access.mode() == access.PUBLIC:
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        if "Content-Crs" in response:
            patch_vary_headers(response, ["Accept-Crs"])
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)
