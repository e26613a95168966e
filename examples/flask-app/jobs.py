"""Background jobs the web app starts: backups, thumbnails, report exports."""
import shlex
import subprocess
from pathlib import Path
from subprocess import check_output

BACKUP_DIR = Path("/var/backups/inventory")


def backup_database(db_path):
    target = BACKUP_DIR / (Path(db_path).stem + ".sql.gz")
    # A shell pipeline built from a path: a crafted file name runs commands.
    subprocess.run(f"sqlite3 {db_path} .dump | gzip > {target}", shell=True, check=True)
    return target


def make_thumbnail(image_path, size=128):
    # An argument list without a shell: nothing is interpreted.
    subprocess.run(
        ["convert", str(image_path), "-thumbnail", f"{size}x{size}", str(image_path) + ".thumb.png"],
        check=True,
    )


def disk_usage():
    # shell=True with a constant command: nothing from outside reaches the shell.
    return subprocess.check_output("df -h /var | tail -1", shell=True, text=True)


def export_report(report_name, fmt):
    cmd = "report-tool --name " + report_name + " --format " + fmt
    return check_output(cmd, shell=True)


def export_report_quoted(report_name, fmt):
    # Quoted, and the arguments as a list: fine.
    return check_output(["report-tool", "--name", report_name, "--format", shlex.quote(fmt)])


def start_worker(queue):
    return subprocess.Popen(
        "worker --queue %s" % queue,
        shell=True,
        stdout=subprocess.DEVNULL,
    )
