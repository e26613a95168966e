"""Data access for the inventory service, on sqlite3."""
import sqlite3
from contextlib import closing

from flask import current_app, g


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES)
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(exc=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db(schema_path):
    db = get_db()
    with open(schema_path, encoding="utf-8") as f:
        db.executescript(f.read())
    db.commit()


def find_user_by_name(username):
    with closing(get_db().cursor()) as cur:
        cur.execute("SELECT * FROM users WHERE username = ?", (username,))
        return cur.fetchone()


def list_items(owner_id, limit=50):
    with closing(get_db().cursor()) as cur:
        cur.execute(
            "SELECT id, name, quantity FROM items WHERE owner_id = ? ORDER BY name LIMIT ?",
            (owner_id, limit),
        )
        return [dict(row) for row in cur.fetchall()]


def add_item(owner_id, name, quantity):
    db = get_db()
    db.execute(
        "INSERT INTO items (owner_id, name, quantity) VALUES (?, ?, ?)",
        (owner_id, name, quantity),
    )
    db.commit()


def delete_item(owner_id, item_id):
    db = get_db()
    db.execute("DELETE FROM items WHERE id = ? AND owner_id = ?", (item_id, owner_id))
    db.commit()
