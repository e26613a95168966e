import hashlib
import random
import secrets
import string
from hashlib import sha1
from random import choice

from Crypto.Cipher import AES, DES
from Crypto.Hash import MD5, SHA256
from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def sign(secret, message, blob):
    # ruleid: warden.python.crypto.weak-hash
    digest = hashlib.md5(secret + message).hexdigest()
    # ruleid: warden.python.crypto.weak-hash
    token = sha1(message).hexdigest()
    # ruleid: warden.python.crypto.weak-hash
    h = hashlib.new("md5", blob)
    # ruleid: warden.python.crypto.weak-hash
    h2 = hashlib.new("SHA1")
    # ruleid: warden.python.crypto.weak-hash
    h3 = MD5.new(blob)
    # ruleid: warden.python.crypto.weak-hash
    h4 = hashes.Hash(hashes.SHA1())

    # ok: warden.python.crypto.weak-hash
    cache_key = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    # ok: warden.python.crypto.weak-hash
    etag = hashlib.new("md5", blob, usedforsecurity=False).hexdigest()
    # ok: warden.python.crypto.weak-hash
    good = hashlib.sha256(message).hexdigest()
    # ok: warden.python.crypto.weak-hash
    h5 = hashlib.new("sha256", blob)
    # ok: warden.python.crypto.weak-hash
    h6 = SHA256.new(blob)
    # ok: warden.python.crypto.weak-hash
    h7 = hashes.Hash(hashes.SHA256())
    return digest, token, h, h2, h3, h4, cache_key, etag, good, h5, h6, h7


def encrypt(key, iv, data):
    # ruleid: warden.python.crypto.weak-cipher
    c1 = DES.new(key, DES.MODE_CBC, iv)
    # ruleid: warden.python.crypto.weak-cipher
    c2 = Cipher(algorithms.ARC4(key), mode=None)
    # ruleid: warden.python.crypto.weak-cipher
    c3 = Cipher(algorithms.Blowfish(key), modes.CBC(iv))
    # ok: warden.python.crypto.weak-cipher
    c4 = Cipher(algorithms.AES(key), modes.GCM(iv))
    # ok: warden.python.crypto.weak-cipher
    c5 = AES.new(key, AES.MODE_GCM, nonce=iv)

    # ruleid: warden.python.crypto.ecb-mode
    e1 = Cipher(algorithms.AES(key), modes.ECB())
    # ruleid: warden.python.crypto.ecb-mode
    e2 = AES.new(key, AES.MODE_ECB)
    # ruleid: warden.python.crypto.ecb-mode
    e3 = AES.new(key)
    # ok: warden.python.crypto.ecb-mode
    e4 = AES.new(key, AES.MODE_CTR, nonce=iv)
    # ok: warden.python.crypto.ecb-mode
    e5 = Cipher(algorithms.AES(key), modes.CBC(iv))
    return c1, c2, c3, c4, c5, e1, e2, e3, e4, e5


def keys():
    # ruleid: warden.python.crypto.weak-key-size
    k1 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    # ruleid: warden.python.crypto.weak-key-size
    k2 = rsa.generate_private_key(65537, 512)
    # ruleid: warden.python.crypto.weak-key-size
    k3 = dsa.generate_private_key(key_size=1024)
    # ruleid: warden.python.crypto.weak-key-size
    k4 = RSA.generate(1024)
    # ruleid: warden.python.crypto.weak-key-size
    k5 = ec.generate_private_key(ec.SECP192R1())
    # ok: warden.python.crypto.weak-key-size
    k6 = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    # ok: warden.python.crypto.weak-key-size
    k7 = RSA.generate(2048)
    # ok: warden.python.crypto.weak-key-size
    k8 = ec.generate_private_key(ec.SECP256R1())
    # ok: warden.python.crypto.weak-key-size
    k9 = random.sample(range(1024), 10)
    return k1, k2, k3, k4, k5, k6, k7, k8, k9


class Session:
    def __init__(self, user):
        # ruleid: warden.python.crypto.insecure-random
        self.session_id = "%032x" % random.getrandbits(128)
        # ok: warden.python.crypto.insecure-random
        self.color = random.choice(["red", "green"])


def make_reset_token(n=20):
    alphabet = string.ascii_letters + string.digits
    # ruleid: warden.python.crypto.insecure-random
    token = "".join(choice(alphabet) for _ in range(n))
    # ruleid: warden.python.crypto.insecure-random
    password = "".join(random.choices(alphabet, k=n))
    # ok: warden.python.crypto.insecure-random
    delay = random.uniform(0.5, 1.5)
    # ok: warden.python.crypto.insecure-random
    good_token = secrets.token_urlsafe(n)
    # ok: warden.python.crypto.insecure-random
    also_good = "".join(random.SystemRandom().choice(alphabet) for _ in range(n))
    # ok: warden.python.crypto.insecure-random
    monkey = random.randint(1, 6)
    return token, password, delay, good_token, also_good, monkey


def generate_nonce():
    # ruleid: warden.python.crypto.insecure-random
    return str(random.random())


def shuffle_deck(deck, items):
    # ok: warden.python.crypto.insecure-random
    items.sort(key=lambda item: random.random())
    # ok: warden.python.crypto.insecure-random
    random.shuffle(deck)
    return deck
