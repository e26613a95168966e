"""Administration views, on a blueprint mounted at /admin."""
from flask import Blueprint, jsonify, request

import db
import integrations
import jobs
from auth import login_required, role_required

bp = Blueprint("admin", __name__)


@bp.route("/backup", methods=["POST"])
@role_required("admin")
def backup():
    target = jobs.backup_database(db.get_db().execute("PRAGMA database_list").fetchone()["file"])
    return jsonify({"backup": str(target)})


@bp.get("/disk")
@login_required
@role_required("admin")
def disk():
    return jsonify({"usage": jobs.disk_usage()})


@bp.post("/catalog/import")
def import_catalog():
    catalog = integrations.download_catalog(request.json["url"])
    for entry in catalog:
        db.add_item(0, entry["name"], entry["quantity"])
    return jsonify({"imported": len(catalog)})


@bp.route("/workers", methods=["POST"])
@role_required("admin")
def start_worker():
    process = jobs.start_worker(request.form["queue"])
    return jsonify({"pid": process.pid})
