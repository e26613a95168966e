import json
import marshal
import pickle
import shelve
from pickle import loads as unpickle

import jsonpickle
import yaml
from yaml import SafeLoader


def restore(request, path):
    # ruleid: warden.python.deserialization.pickle
    state = pickle.loads(request.body)
    with open(path, "rb") as f:
        # ruleid: warden.python.deserialization.pickle
        cached = pickle.load(f)
    # ruleid: warden.python.deserialization.pickle
    other = unpickle(request.body)
    # ruleid: warden.python.deserialization.pickle
    db = shelve.open(path)

    # ok: warden.python.deserialization.pickle
    data = json.loads(request.body)
    # ok: warden.python.deserialization.pickle
    blob = pickle.dumps(data)
    # ok: warden.python.deserialization.pickle
    text = open(path).read()
    return state, cached, other, blob, db, text


def load_code(blob, payload):
    # ruleid: warden.python.deserialization.marshal
    code = marshal.loads(blob)
    # ok: warden.python.deserialization.marshal
    out = marshal.dumps(code)
    # ruleid: warden.python.deserialization.jsonpickle
    obj = jsonpickle.decode(payload)
    # ok: warden.python.deserialization.jsonpickle
    enc = jsonpickle.encode(obj)
    return out, enc


def read(data, stream):
    # ruleid: warden.python.deserialization.yaml-load
    yaml.load(data)
    # ruleid: warden.python.deserialization.yaml-load
    yaml.load(data, Loader=yaml.Loader)
    # ruleid: warden.python.deserialization.yaml-load
    yaml.load(data, Loader=yaml.UnsafeLoader)
    # ruleid: warden.python.deserialization.yaml-load
    yaml.unsafe_load(stream)
    # ruleid: warden.python.deserialization.yaml-load
    list(yaml.load_all(stream, Loader=yaml.Loader))
    # ruleid: warden.python.deserialization.yaml-load
    list(yaml.load_all(stream))
    # ruleid: warden.python.deserialization.yaml-load
    yaml.load(data, yaml.Loader)
    # ruleid: warden.python.deserialization.yaml-load
    yaml.load(open(stream, encoding="utf-8"))

    # ok: warden.python.deserialization.yaml-load
    yaml.safe_load(data)
    # ok: warden.python.deserialization.yaml-load
    yaml.load(data, Loader=yaml.SafeLoader)
    # ok: warden.python.deserialization.yaml-load
    yaml.load(data, Loader=SafeLoader)
    # ok: warden.python.deserialization.yaml-load
    yaml.load(data, yaml.CSafeLoader)
    # ok: warden.python.deserialization.yaml-load
    list(yaml.safe_load_all(stream))
    # ok: warden.python.deserialization.yaml-load
    list(yaml.load_all(stream, Loader=yaml.SafeLoader))
