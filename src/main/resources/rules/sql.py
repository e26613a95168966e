import sqlite3

from django.db.models.expressions import RawSQL

def lookup(conn, cursor, name, user_id, order, Person):
    # ruleid: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ruleid: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM users WHERE id = {}".format(user_id))
    # ruleid: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM users ORDER BY " + order)
    # ruleid: warden.python.sql.string-built-query
    conn.executescript(f"DELETE FROM users WHERE name = '{name}'")
    query = "UPDATE users SET name = '%s' WHERE id = %d" % (name, user_id)
    # ruleid: warden.python.sql.string-built-query
    cursor.execute(query)
    sql = "SELECT * FROM users WHERE 1 = 1"
    sql += " AND name = '" + name + "'"
    # ruleid: warden.python.sql.string-built-query
    cursor.execute(sql)
    # ruleid: warden.python.sql.string-built-query
    people = Person.objects.raw("SELECT * FROM person WHERE last_name = '%s'" % name)

    # ok: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    table = "users"
    # ok: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM %s" % table)
    # ok: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM users WHERE id = ?", [user_id])
    # ok: warden.python.sql.string-built-query
    cursor.execute("SELECT * FROM %s LIMIT 1" % conn.ops.quote_name(name))
    quoted = conn.ops.quote_name(name)
    # ok: warden.python.sql.string-built-query
    cursor.execute("DELETE FROM %s" % quoted)
    quote_name = conn.ops.quote_name
    table_name = quote_name(name)
    with conn.cursor() as cur:
        # ok: warden.python.sql.string-built-query
        cur.execute("SELECT COUNT(*) FROM %s" % table_name)
    fixed = "SELECT count(*) FROM users"
    # ok: warden.python.sql.string-built-query
    cursor.execute(fixed)
    # ok: warden.python.sql.string-built-query
    people2 = Person.objects.raw("SELECT * FROM person WHERE last_name = %s", [name])
    # ok: warden.python.sql.string-built-query
    message = "user %s logged in" % name
    return people, people2, message, sqlite3


def annotate(qs, value, column):
    # ruleid: warden.python.sql.django-raw-sql
    a = qs.annotate(val=RawSQL("SELECT col FROM t WHERE id = %s" % value, []))
    # ruleid: warden.python.sql.django-raw-sql
    b = qs.extra(where=["headline = '%s'" % value])
    # ruleid: warden.python.sql.django-raw-sql
    c = qs.extra(select={"x": f"SELECT {column} FROM t"})
    # ok: warden.python.sql.django-raw-sql
    d = qs.annotate(val=RawSQL("SELECT col FROM t WHERE id = %s", [value]))
    # ok: warden.python.sql.django-raw-sql
    e = qs.extra(where=["headline = %s"], params=[value])
    return a, b, c, d, e
