import yaml
from yaml import SafeLoader


def read(data, stream):
    # ruleid: warden.python.yaml-unsafe-load
    yaml.load(data)
    # ruleid: warden.python.yaml-unsafe-load
    yaml.load(data, Loader=yaml.Loader)
    # ruleid: warden.python.yaml-unsafe-load
    yaml.load(data, Loader=yaml.UnsafeLoader)
    # ruleid: warden.python.yaml-unsafe-load
    yaml.unsafe_load(stream)
    # ruleid: warden.python.yaml-unsafe-load
    list(yaml.load_all(stream, Loader=yaml.Loader))

    # ok: warden.python.yaml-unsafe-load
    yaml.safe_load(data)
    # ok: warden.python.yaml-unsafe-load
    yaml.load(data, Loader=yaml.SafeLoader)
    # ok: warden.python.yaml-unsafe-load
    yaml.load(data, Loader=SafeLoader)
    # ok: warden.python.yaml-unsafe-load
    yaml.load(data, yaml.CSafeLoader)
    # ok: warden.python.yaml-unsafe-load
    list(yaml.safe_load_all(stream))
