"""Keras 3's side of test/keras/initializers.test.ts.

Reads one JSON object on stdin: {"draws": [{"class_name", "config", "shape"}], "archive": path or null,
"resaved": path}. Writes one JSON line: "draws", for each initializer Keras deserializes from that config,
the mean, deviation, min and max of one draw of that shape (float64 statistics); and, when an archive is
given, "initializers": every layer's initializer configs as Keras read them ({"layer.key": {class_name,
config}}), after which the model is saved again by Keras at "resaved".
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def statistics(draw):
    initializer = keras.initializers.deserialize({"class_name": draw["class_name"], "config": draw["config"]})
    values = np.asarray(initializer(tuple(draw["shape"]))).astype("float64")
    return {"mean": values.mean(), "deviation": values.std(), "min": values.min(), "max": values.max()}


def initializers_of(model):
    found = {}
    for layer in model.layers:
        for key, value in layer.get_config().items():
            if key.endswith("_initializer") and isinstance(value, dict):
                config = {k: v for k, v in value["config"].items() if k not in ("input_axes", "output_axes")}
                found[f"{layer.name}.{key}"] = {"class_name": value["class_name"], "config": config}
    return found


def main():
    request = json.load(sys.stdin)
    answer = {"draws": [statistics(draw) for draw in request["draws"]]}
    if request.get("archive"):
        model = keras.saving.load_model(request["archive"])
        answer["initializers"] = initializers_of(model)
        model.save(request["resaved"])
    print(json.dumps(answer))


main()
