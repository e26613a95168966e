from flask import Blueprint, Flask

from auth import login_required, role_required

app = Flask(__name__)
bp = Blueprint("admin", __name__)


@app.route("/items")
@login_required
# ok: flask-view-without-auth
def items():
    return []


@app.route("/items/<int:item_id>", methods=["DELETE"])
# ruleid: flask-view-without-auth
def delete_item(item_id):
    return ""


# the security decorator may come anywhere among the others
@app.route("/reports")
@cache.cached(timeout=60)
@login_required
# ok: flask-view-without-auth
def reports():
    return []


@bp.route("/users")
@role_required("admin")
# ok: flask-view-without-auth
def users():
    return []


@bp.post("/users")
@login_required
@role_required("admin")
# ok: flask-view-without-auth
def create_user():
    return ""


@bp.get("/users/<name>")
@cache.cached(timeout=60)
# ruleid: flask-view-without-auth
def user(name):
    return name


@app.put("/items/<int:item_id>")
# ruleid: flask-view-without-auth
def update_item(item_id):
    return ""


# a decorator with a similar name is not a security decorator
@app.route("/profile")
@login_optional
# ruleid: flask-view-without-auth
def profile():
    return {}


# the exceptions listed in the rule
@app.route("/health")
# ok: flask-view-without-auth
def health():
    return "ok"


@app.route("/login", methods=["GET", "POST"])
# ok: flask-view-without-auth
def login():
    return ""


@app.get("/logout")
# ok: flask-view-without-auth
def logout():
    return ""


# only the exact names are exceptions
@app.route("/health/details")
# ruleid: flask-view-without-auth
def health_details():
    return {}


# not views
@app.errorhandler(404)
# ok: flask-view-without-auth
def not_found(error):
    return "", 404


# ok: flask-view-without-auth
def helper():
    return 1


@app.before_request
# ok: flask-view-without-auth
def load_user():
    pass


@app.template_filter("money")
# ok: flask-view-without-auth
def money(value):
    return f"{value:.2f}"
