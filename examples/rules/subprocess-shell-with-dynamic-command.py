import subprocess
import subprocess as sp
from subprocess import Popen, check_output


def backup(db_path, target):
    # ruleid: subprocess-shell-with-dynamic-command
    subprocess.run(f"sqlite3 {db_path} .dump | gzip > {target}", shell=True, check=True)


def export(name, fmt):
    cmd = "report-tool --name " + name + " --format " + fmt
    # ruleid: subprocess-shell-with-dynamic-command
    return check_output(cmd, shell=True)


def worker(queue):
    # ruleid: subprocess-shell-with-dynamic-command
    return Popen("worker --queue %s" % queue, shell=True, stdout=subprocess.DEVNULL)


def remove(path):
    # ruleid: subprocess-shell-with-dynamic-command
    sp.call(args="rm -rf " + path, shell=True)
    # ruleid: subprocess-shell-with-dynamic-command
    subprocess.check_call("chmod 600 {}".format(path), cwd="/tmp", shell=True)


def safe(path, size):
    # ok: subprocess-shell-with-dynamic-command
    subprocess.run(["convert", path, "-thumbnail", f"{size}x{size}", path + ".png"], check=True)
    # a constant command, even through the shell, has nothing from outside
    # ok: subprocess-shell-with-dynamic-command
    subprocess.check_output("df -h /var | tail -1", shell=True, text=True)
    usage_cmd = "du -sh /var/lib/inventory"
    # ok: subprocess-shell-with-dynamic-command
    subprocess.run(usage_cmd, shell=True)
    # ok: subprocess-shell-with-dynamic-command
    subprocess.run("ls -l " + path, shell=False)
    # ok: subprocess-shell-with-dynamic-command
    subprocess.getoutput("uptime")
