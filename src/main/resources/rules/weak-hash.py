import hashlib
from hashlib import sha1


def sign(secret, message, blob):
    # ruleid: warden.python.weak-hash
    digest = hashlib.md5(secret + message).hexdigest()
    # ruleid: warden.python.weak-hash
    token = sha1(message).hexdigest()
    # ruleid: warden.python.weak-hash
    h = hashlib.new("md5", blob)
    # ruleid: warden.python.weak-hash
    h2 = hashlib.new("SHA1")

    # ok: warden.python.weak-hash
    cache_key = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    # ok: warden.python.weak-hash
    good = hashlib.sha256(message).hexdigest()
    # ok: warden.python.weak-hash
    h3 = hashlib.new("sha256", blob)
    return digest, token, h, h2, cache_key, good, h3
