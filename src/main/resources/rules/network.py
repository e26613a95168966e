import ftplib
import socket
import telnetlib
from http.server import HTTPServer, SimpleHTTPRequestHandler

import paramiko
from flask import Flask

app = Flask(__name__)


def serve(port):
    s = socket.socket()
    # ruleid: warden.python.network.bind-all-interfaces
    s.bind(("0.0.0.0", port))
    # ruleid: warden.python.network.bind-all-interfaces
    s.bind(("", port))
    # ruleid: warden.python.network.bind-all-interfaces
    httpd = HTTPServer(("", port), SimpleHTTPRequestHandler)
    # ruleid: warden.python.network.bind-all-interfaces
    app.run(host="0.0.0.0", port=port)
    # ok: warden.python.network.bind-all-interfaces
    s.bind(("127.0.0.1", port))
    # ok: warden.python.network.bind-all-interfaces
    local = HTTPServer(("localhost", port), SimpleHTTPRequestHandler)
    # ok: warden.python.network.bind-all-interfaces
    app.run(host="127.0.0.1", port=port)
    # ok: warden.python.network.bind-all-interfaces
    default_route = "0.0.0.0/0"
    # ok: warden.python.network.bind-all-interfaces
    if socket.gethostbyname("example.org") == "0.0.0.0":
        raise RuntimeError("blocked by DNS")
    return httpd, local, default_route


def transfer(host, user, password):
    # ruleid: warden.python.network.cleartext-protocol
    ftp = ftplib.FTP(host, user, password)
    # ruleid: warden.python.network.cleartext-protocol
    tn = telnetlib.Telnet(host)
    # ok: warden.python.network.cleartext-protocol
    ftps = ftplib.FTP_TLS(host, user, password)
    return ftp, tn, ftps


def remote(host, filename):
    client = paramiko.SSHClient()
    # ruleid: warden.python.network.ssh-auto-add-host-key
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # ok: warden.python.network.ssh-auto-add-host-key
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.load_system_host_keys()
    client.connect(host)
    # ruleid: warden.python.network.paramiko-exec-command
    client.exec_command("cat " + filename)
    # ok: warden.python.network.paramiko-exec-command
    client.exec_command("uptime")
    return client


class Runner:
    def exec_command(self, cmd):
        return cmd


def local(cmd):
    # ok: warden.python.network.paramiko-exec-command
    return Runner().exec_command(cmd)
