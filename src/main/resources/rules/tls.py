import ssl
import socket

import httpx
import requests
from OpenSSL import SSL


def fetch(url, ca_bundle):
    # ruleid: warden.python.tls.verify-false
    requests.get(url, verify=False, timeout=5)
    # ruleid: warden.python.tls.verify-false
    httpx.Client(verify=False)
    session = requests.Session()
    # ruleid: warden.python.tls.verify-false
    session.verify = False
    # ruleid: warden.python.tls.verify-false
    session.post(url, verify=False, timeout=5)
    # ok: warden.python.tls.verify-false
    requests.get(url, verify=ca_bundle, timeout=5)
    # ok: warden.python.tls.verify-false
    requests.get(url, timeout=5)
    # ok: warden.python.tls.verify-false
    session.verify = ca_bundle
    # ok: warden.python.tls.verify-false
    form = dict(verify=False)
    return form


def contexts(host):
    # ruleid: warden.python.tls.unverified-context
    ctx = ssl._create_unverified_context()
    ctx2 = ssl.create_default_context()
    # ruleid: warden.python.tls.unverified-context
    ctx2.check_hostname = False
    # ruleid: warden.python.tls.unverified-context
    ctx2.verify_mode = ssl.CERT_NONE
    # ok: warden.python.tls.unverified-context
    ctx3 = ssl.create_default_context()
    # ok: warden.python.tls.unverified-context
    ctx3.verify_mode = ssl.CERT_REQUIRED
    # ok: warden.python.tls.unverified-context
    if ctx3.verify_mode == ssl.CERT_NONE:
        raise ValueError("unverified")
    return ctx, ctx2, ctx3


def versions(sock):
    # ruleid: warden.python.tls.old-protocol
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
    # ruleid: warden.python.tls.old-protocol
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    # ruleid: warden.python.tls.old-protocol
    ossl = SSL.Context(SSL.SSLv3_METHOD)
    # ok: warden.python.tls.old-protocol
    good = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: warden.python.tls.old-protocol
    good.minimum_version = ssl.TLSVersion.TLSv1_2
    # ok: warden.python.tls.old-protocol
    ossl2 = SSL.Context(SSL.TLS_METHOD)
    # ruleid: warden.python.tls.wrap-socket
    wrapped = ssl.wrap_socket(sock)
    # ok: warden.python.tls.wrap-socket
    wrapped2 = good.wrap_socket(sock, server_hostname="example.org")
    return ctx, ossl, ossl2, wrapped, wrapped2, socket
