"""Authentication helpers for the inventory service.

`login_required` and `role_required` are the decorators every view must carry
(see examples/rules/flask-view-without-auth.yaml).
"""
import functools
import hmac

from flask import abort, g, redirect, request, session, url_for

from db import find_user_by_name


def current_user():
    user_id = session.get("user_id")
    if user_id is None:
        return None
    if getattr(g, "user", None) is None or g.user["id"] != user_id:
        g.user = find_user_by_name(session.get("username", ""))
    return g.user


def login_required(view):
    """Redirects anonymous visitors to the login page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


def role_required(role):
    """Like login_required, and the user must also hold `role`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("login", next=request.path))
            if role not in user["roles"].split(","):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def check_password(user, password):
    return hmac.compare_digest(user["password_hash"], hash_password(password, user["salt"]))


def hash_password(password, salt):
    import hashlib

    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 200_000).hex()
