import logging


def load(paths, read):
    # ruleid: warden.python.errors.except-pass
    try:
        read(paths[0])
    except:
        pass
    # ruleid: warden.python.errors.except-pass
    try:
        read(paths[1])
    except ValueError:
        raise
    except Exception:
        pass
    # ruleid: warden.python.errors.except-pass
    try:
        read(paths[2])
    except (OSError, Exception) as e:
        pass
    # ok: warden.python.errors.except-pass
    try:
        import json
    except ImportError:
        pass
    # ok: warden.python.errors.except-pass
    try:
        read(paths[3])
    except Exception:
        logging.exception("could not read %s", paths[3])
    # ok: warden.python.errors.except-pass
    try:
        read(paths[4])
    except ExceptionGroup:
        pass
    for p in paths:
        # ruleid: warden.python.errors.except-continue
        try:
            read(p)
        except Exception:
            continue
        # ok: warden.python.errors.except-continue
        try:
            read(p)
        except KeyError:
            continue
        # ok: warden.python.errors.except-continue
        try:
            read(p)
        except:
            logging.warning("skipping %s", p)
            continue
    return json
