import yaml
import yaml as pyyaml
from yaml import load, SafeLoader, CSafeLoader


def feature_flags(path):
    with open(path) as f:
        # ruleid: yaml-load-without-safe-loader
        return yaml.safe_load(f)


def import_mapping(text):
    # ruleid: yaml-load-without-safe-loader
    return yaml.safe_load(text)


def legacy(text):
    # ruleid: yaml-load-without-safe-loader
    a = yaml.safe_load(text)
    # ruleid: yaml-load-without-safe-loader
    b = yaml.safe_load(text)
    return a, b


def safe(path, text):
    # ok: yaml-load-without-safe-loader
    a = yaml.safe_load(text)
    # ok: yaml-load-without-safe-loader
    b = yaml.load(text, Loader=yaml.SafeLoader)
    # ok: yaml-load-without-safe-loader
    c = yaml.load(text, yaml.CSafeLoader)
    # imported names are resolved too
    # ok: yaml-load-without-safe-loader
    d = load(text, Loader=SafeLoader)
    # ok: yaml-load-without-safe-loader
    e = pyyaml.load(text, CSafeLoader)
    # ok: yaml-load-without-safe-loader
    f = json.load(text)
    return a, b, c, d, e, f
