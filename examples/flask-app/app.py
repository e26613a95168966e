"""The inventory web application: a small Flask app with a few views."""
from flask import Flask, flash, jsonify, redirect, render_template, request, session, url_for

import db
import integrations
import jobs
from admin import bp as admin_bp
from auth import check_password, current_user, login_required, role_required
from config import load_config

app = Flask(__name__)
app.config.update(load_config())
app.register_blueprint(admin_bp, url_prefix="/admin")
app.teardown_appcontext(db.close_db)


@app.route("/health")
def health():
    # Public on purpose: the load balancer polls it.
    return {"status": "ok"}


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = db.find_user_by_name(request.form["username"])
        if user is not None and check_password(user, request.form["password"]):
            session.clear()
            session["user_id"] = user["id"]
            session["username"] = user["username"]
            return redirect(request.args.get("next") or url_for("index"))
        flash("Unknown user or wrong password.")
    return render_template("login.html")


@app.route("/logout")
def logout():
    session.clear()
    return redirect(url_for("login"))


@app.route("/")
@login_required
def index():
    items = db.list_items(current_user()["id"], app.config["ITEMS_PER_PAGE"])
    return render_template("index.html", items=items)


@app.post("/items")
@login_required
def add_item():
    db.add_item(current_user()["id"], request.form["name"], int(request.form["quantity"]))
    return redirect(url_for("index"))


@app.route("/items/<int:item_id>/delete", methods=["POST"])
def delete_item(item_id):
    # Forgot @login_required: anyone can delete anything.
    db.delete_item(session.get("user_id"), item_id)
    return redirect(url_for("index"))


@app.get("/items/export")
def export_items():
    fmt = request.args.get("format", "csv")
    return jsonify({"file": jobs.export_report("items", fmt).decode()})


@app.route("/rates/<currency>")
@login_required
def rate(currency):
    return jsonify({"currency": currency, "rate": integrations.fetch_exchange_rate(currency)})


@app.route("/search")
@login_required
def search():
    term = request.args.get("q", "")
    cur = db.get_db().cursor()
    # String-built SQL: examples/rules/taint-sql-injection.yaml finds this once taint mode exists.
    cur.execute("SELECT id, name FROM items WHERE name LIKE '%" + term + "%'")
    return jsonify([dict(row) for row in cur.fetchall()])


@app.errorhandler(404)
def not_found(error):
    return render_template("404.html"), 404


def format_quantity(quantity):
    # Not a view: no route decorator, no check.
    return f"{quantity:,}"
