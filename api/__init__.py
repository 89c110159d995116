"""The open data API at /api/v1, by the NLGov REST API Design Rules (docs/api.md).

A sibling of `overview` in the layers: it reads the apps below it and writes only its own API
keys (through `api.services`).
"""

# The full version goes out in every response's API-Version header; the major version is in the URI.
API_VERSION = "1.0.0"
API_MAJOR_VERSION = API_VERSION.split(".")[0]
API_PREFIX = f"/api/v{API_MAJOR_VERSION}"
