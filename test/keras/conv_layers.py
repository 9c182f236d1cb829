"""Builds one-layer Keras 3 models of the convolution layers, saves them as .keras archives, and reports what Keras
predicts, for test/keras/conv-layers.test.ts.

Reads {"folder": path, "cases": [{"name", "class_name", "config", "input_shape"}]} on stdin; writes one JSON
object per case: its name, archive, inputs, Keras's predictions (a list of one), output shapes and parameter
count. Every weight is set to random values first, so that a weight read into the wrong place shows.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(0)
request = json.load(sys.stdin)
for case in request["cases"]:
    layer = getattr(keras.layers, case["class_name"])(**case["config"], name="layer")
    x = keras.Input(tuple(case["input_shape"]), name="x")
    model = keras.Model(x, layer(x), name=case["name"])
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    inputs = rng.normal(size=(2, *case["input_shape"])).astype("float32")
    archive = os.path.join(request["folder"], f"{case['name']}.keras")
    model.save(archive)
    outputs = model.predict(inputs, verbose=0)
    print(json.dumps({
        "name": case["name"],
        "archive": archive,
        "config": "",
        "params": int(model.count_params()),
        "output_shapes": [list(outputs.shape[1:])],
        "inputs": [inputs.tolist()],
        "outputs": [outputs.tolist()],
    }), flush=True)
