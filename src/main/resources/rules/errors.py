import logging


def load(paths, read):
    try:
        read(paths[0])
    # ruleid: warden.python.errors.except-pass
    except:
        pass
    try:
        read(paths[1])
    except ValueError:
        raise
    # ruleid: warden.python.errors.except-pass
    except Exception:
        # not important

        pass
    try:
        read(paths[2])
    # ruleid: warden.python.errors.except-pass
    except (OSError, Exception) as e:
        pass
    try: read(paths[5])
    except EOFError: pass
    # ruleid: warden.python.errors.except-pass
    except: pass
    try:
        read(paths[6])
    # ruleid: warden.python.errors.except-pass
    except* Exception:
        pass
    try:
        import json
    # ok: warden.python.errors.except-pass
    except ImportError:
        pass
    try:
        read(paths[3])
    # ok: warden.python.errors.except-pass
    except Exception:
        logging.exception("could not read %s", paths[3])
    try:
        read(paths[4])
    # ok: warden.python.errors.except-pass
    except ExceptionGroup:
        pass
    for p in paths:
        try:
            read(p)
        # ruleid: warden.python.errors.except-continue
        except Exception:
            continue
        try:
            read(p)
        # ok: warden.python.errors.except-continue
        except KeyError:
            continue
        try:
            read(p)
        # ok: warden.python.errors.except-continue
        except:
            logging.warning("skipping %s", p)
            continue
    # ok: warden.python.errors.except-pass
    message = "except: pass"
    return json, message
