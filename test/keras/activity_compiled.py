"""Builds a model that `keraflow compile --target keras` wrote and reports its activity regularizers as Keras 3 sees them.

Reads {"path": file.py, "build": "build_x", "x": nested list} on stdin; writes one JSON object: each layer's
activity_regularizer config (layers without one left out) and the penalties Keras adds in one training-mode call
on x (`model.losses`), or {"error": message}.
"""
import importlib.util
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

request = json.load(sys.stdin)
try:
    spec = importlib.util.spec_from_file_location("compiled", request["path"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, request["build"])()
    regularizers = {}
    for layer in model.layers:
        value = layer.get_config().get("activity_regularizer")
        if value is not None:
            regularizers[layer.name] = {"class_name": value["class_name"], "config": value["config"]}
    model(np.asarray(request["x"], dtype="float32"), training=True)
    result = {"regularizers": regularizers, "penalties": len(model.losses)}
except Exception as error:  # reported to the test
    result = {"error": f"{type(error).__name__}: {error}"}
print(json.dumps(result), flush=True)
