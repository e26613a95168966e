import os
import subprocess
import subprocess as sp
from subprocess import Popen


def run(user_input, path):
    # ruleid: warden.python.subprocess.shell-true
    subprocess.run("ls " + path, shell=True)
    # ruleid: warden.python.subprocess.shell-true
    subprocess.call(f"grep {user_input} log.txt", shell=True, cwd="/tmp")
    # ruleid: warden.python.subprocess.shell-true
    sp.check_output(user_input, shell=True)
    # ruleid: warden.python.subprocess.shell-true
    Popen(args=user_input, shell=True)
    cmd = "echo " + user_input
    # ruleid: warden.python.subprocess.shell-true
    subprocess.check_call(cmd, shell=True)

    # ok: warden.python.subprocess.shell-true
    subprocess.run("/bin/ls -l /tmp", shell=True)
    constant = "/usr/bin/uptime"
    # ok: warden.python.subprocess.shell-true
    subprocess.run(constant, shell=True)
    # ok: warden.python.subprocess.shell-true
    subprocess.run(["/bin/ls", "-l", path])
    # ok: warden.python.subprocess.shell-true
    subprocess.run(["/bin/ls", path], shell=False)


def legacy(host, name):
    # ruleid: warden.python.subprocess.os-shell
    os.system("ping -c 1 " + host)
    # ruleid: warden.python.subprocess.os-shell
    out = os.popen(f"/usr/bin/finger {name}").read()
    # ruleid: warden.python.subprocess.os-shell
    status, text = subprocess.getstatusoutput("/usr/bin/host %s" % host)
    # ok: warden.python.subprocess.os-shell
    os.system("/usr/bin/clear")
    # ok: warden.python.subprocess.os-shell
    os.popen("/bin/date").read()
    # ok: warden.python.subprocess.os-shell
    os.path.join(host, name)
    return out, status, text


def partial(path):
    # ruleid: warden.python.subprocess.partial-path
    subprocess.run(["git", "status"], cwd=path)
    # ruleid: warden.python.subprocess.partial-path
    subprocess.check_output(("ls", "-l"))
    # ruleid: warden.python.subprocess.partial-path
    subprocess.call("make install", shell=True)
    # ruleid: warden.python.subprocess.partial-path
    os.system("./configure")
    # ruleid: warden.python.subprocess.partial-path
    os.execvp("python3", ["python3", "-V"])
    # ok: warden.python.subprocess.partial-path
    subprocess.run(["/usr/bin/git", "status"], cwd=path)
    # ok: warden.python.subprocess.partial-path
    subprocess.run([path, "--version"])
    # ok: warden.python.subprocess.partial-path
    os.execv("/usr/bin/python3", ["python3", "-V"])
    # ok: warden.python.subprocess.partial-path
    os.path.exists("git")
