"""Imports modules that `keraflow compile --target keras` wrote, builds their models, and reports what Keras 3 infers.

Reads {"modules": [{"path": file.py, "builds": ["build_x", ...], "fit": bool}]} on stdin; writes one JSON object per model:
the module, the build function, each layer's name, parameter counts and the output shape of each of its applications
(batch first, None for any size), the model's total and trainable parameter counts, and (when "fit") the loss of one
training step on random data, to show that the model compiled with its loss, metrics and optimizer trains.
"""
import importlib.util
import json
import math
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def count(weights):
    return int(sum(math.prod(w.shape) for w in weights))


def shape_of(tensor):
    return [None if size is None else int(size) for size in tensor.shape]


def random_data(model, rng):
    def sample(tensor):
        shape = [4 if size is None else size for size in tensor.shape]
        if shape[0] is None or tensor.shape[0] is None:
            shape[0] = 4
        if "int" in str(tensor.dtype):
            return rng.integers(1, 3, size=shape).astype(str(tensor.dtype))
        return rng.random(size=shape).astype("float32")

    x = [sample(t) for t in model.inputs]
    # Any size is 4 in the targets too: an output whose length follows an input's (a sequence to sequence) has 4 steps.
    y = [rng.random(size=[4] + [4 if s is None else s for s in t.shape[1:]]).astype("float32") for t in model.outputs]
    return x, y


for entry in json.load(sys.stdin)["modules"]:
    spec = importlib.util.spec_from_file_location("compiled", entry["path"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for build in entry["builds"]:
        try:
            model = getattr(module, build)()
            layers = [
                {
                    "name": layer.name,
                    "params": count(layer.weights),
                    "trainable": count(layer.trainable_weights),
                    "outputs": [shape_of(node.outputs[0]) for node in layer._inbound_nodes],
                }
                for layer in model.layers
                if not isinstance(layer, keras.layers.InputLayer)
            ]
            report = {
                "module": entry["path"], "build": build, "layers": layers,
                "total": count(model.weights), "trainable": count(model.trainable_weights),
            }
            if entry.get("fit") and model.compiled:
                x, y = random_data(model, np.random.default_rng(0))
                report["fit_loss"] = float(model.train_on_batch(x, y if len(y) > 1 else y[0], return_dict=True)["loss"])
        except Exception as error:  # one model's failure is reported, and the others still run
            report = {"module": entry["path"], "build": build, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(report), flush=True)
