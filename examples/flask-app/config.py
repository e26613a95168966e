"""Configuration: defaults, then config.yaml, then the environment."""
import os

import yaml
from yaml import load as yaml_load

DEFAULTS = {
    "DATABASE": "/var/lib/inventory/inventory.db",
    "SECRET_KEY": None,
    "ITEMS_PER_PAGE": 50,
}


def load_config(path="config.yaml"):
    config = dict(DEFAULTS)
    with open(path, encoding="utf-8") as f:
        config.update(yaml.load(f, Loader=yaml.SafeLoader) or {})
    for key in DEFAULTS:
        if key in os.environ:
            config[key] = os.environ[key]
    return config


def load_feature_flags(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f)


def load_import_mapping(text):
    # Uploaded by users on the import page.
    return yaml_load(text, Loader=yaml.Loader)


def load_fixtures(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_translations(stream):
    return yaml.load(stream, yaml.CSafeLoader)
