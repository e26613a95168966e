import subprocess
import subprocess as sp
from subprocess import Popen


def run(user_input, path):
    # ruleid: warden.python.subprocess-shell-injection
    subprocess.run("ls " + path, shell=True)
    # ruleid: warden.python.subprocess-shell-injection
    subprocess.call(f"grep {user_input} log.txt", shell=True, cwd="/tmp")
    # ruleid: warden.python.subprocess-shell-injection
    sp.check_output(user_input, shell=True)
    # ruleid: warden.python.subprocess-shell-injection
    Popen(args=user_input, shell=True)
    cmd = "echo " + user_input
    # ruleid: warden.python.subprocess-shell-injection
    subprocess.check_call(cmd, shell=True)

    # ok: warden.python.subprocess-shell-injection
    subprocess.run("ls -l /tmp", shell=True)
    constant = "uptime"
    # ok: warden.python.subprocess-shell-injection
    subprocess.run(constant, shell=True)
    # ok: warden.python.subprocess-shell-injection
    subprocess.run(["ls", "-l", path])
    # ok: warden.python.subprocess-shell-injection
    subprocess.run(["ls", path], shell=False)
