import os
import stat
import tempfile
from pathlib import Path
from tempfile import mktemp


def scratch(data, path, fd):
    # ruleid: warden.python.files.mktemp
    name = tempfile.mktemp()
    # ruleid: warden.python.files.mktemp
    other = mktemp(suffix=".txt")
    # ok: warden.python.files.mktemp
    handle, safe = tempfile.mkstemp()
    # ok: warden.python.files.mktemp
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(data)

    # ruleid: warden.python.files.permissive-chmod
    os.chmod(path, 0o777)
    # ruleid: warden.python.files.permissive-chmod
    os.chmod(path, 0o666)
    # ruleid: warden.python.files.permissive-chmod
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IWOTH)
    # ruleid: warden.python.files.permissive-chmod
    Path(path).chmod(0o775)
    # ruleid: warden.python.files.permissive-chmod
    os.fchmod(fd, 0o620)
    # ok: warden.python.files.permissive-chmod
    os.chmod(path, 0o755)
    # ok: warden.python.files.permissive-chmod
    os.chmod(path, 0o600)
    # ok: warden.python.files.permissive-chmod
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
    # ok: warden.python.files.permissive-chmod
    Path(path).chmod(0o644)
    # ok: warden.python.files.permissive-chmod
    os.makedirs(path, 0o700, exist_ok=True)
    # ok: warden.python.files.permissive-chmod
    new_fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o666)

    # ruleid: warden.python.files.hardcoded-tmp-path
    with open("/tmp/app.lock", "w") as lock:
        lock.write(str(os.getpid()))
    # ruleid: warden.python.files.hardcoded-tmp-path
    cache = Path("/var/tmp/app-cache")
    # ok: warden.python.files.hardcoded-tmp-path
    with open(os.path.join(tempfile.gettempdir(), safe)) as ok:
        ok.read()
    # ok: warden.python.files.hardcoded-tmp-path
    home = Path("/tmp")
    # ok: warden.python.files.hardcoded-tmp-path
    print("/tmp/app.lock is stale")
    return name, other, handle, cache, home, new_fd
