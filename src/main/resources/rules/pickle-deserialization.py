import json
import pickle
from pickle import loads as unpickle


def restore(request, path):
    # ruleid: warden.python.pickle-deserialization
    state = pickle.loads(request.body)
    with open(path, "rb") as f:
        # ruleid: warden.python.pickle-deserialization
        cached = pickle.load(f)
    # ruleid: warden.python.pickle-deserialization
    other = unpickle(request.body)

    # ok: warden.python.pickle-deserialization
    data = json.loads(request.body)
    # ok: warden.python.pickle-deserialization
    blob = pickle.dumps(data)
    return state, cached, other, blob
