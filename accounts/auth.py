def axes_username(request, credentials):
    """The login name axes counts failures against: case-insensitive, like the login itself."""
    if credentials:
        username = credentials.get("username", "")
    else:
        username = request.POST.get("username", "")
    return (username or "").strip().lower()
