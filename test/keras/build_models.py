"""Builds Keras 3 models, saves them as .keras archives, and reports what Keras predicts, for the import tests.

Reads {"folder": path} on stdin; writes one JSON object per model: its name, archive, inputs, Keras's
predictions (a list, one per output) and parameter count.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

layers = keras.layers


def functional_several_inputs_outputs():
    a = keras.Input((5,), name="a")
    b = keras.Input((3, 4), name="b")
    shared = layers.Dense(6, activation="tanh", name="shared")
    left = shared(layers.Dense(5, activation="relu", name="left")(a))
    right = shared(layers.Dense(5, name="right")(layers.Flatten(name="flat")(b)))
    mixed = layers.Concatenate(name="joined")([left, right, layers.Multiply(name="gated")([left, right])])
    total = layers.Add(name="total")([left, right])
    first = layers.Dense(3, activation="softmax", name="kind")(layers.Dropout(0.3, name="drop")(mixed))
    second = layers.Activation("sigmoid", name="squash")(layers.Dense(1, use_bias=False, name="score")(total))
    model = keras.Model([a, b], [first, second], name="several")
    rng = np.random.default_rng(0)
    return model, [rng.normal(size=(4, 5)).astype("float32"), rng.normal(size=(4, 3, 4)).astype("float32")]


def recurrent():
    x = keras.Input((4, 3), name="steps")
    return keras.Model(x, layers.Dense(2, name="out")(layers.LSTM(3, name="memory")(x)), name="recurrent"), None


folder = json.load(sys.stdin)["folder"]
for name, build in [("several", functional_several_inputs_outputs), ("recurrent", recurrent)]:
    model, inputs = build()
    archive = os.path.join(folder, f"{name}.keras")
    model.save(archive)
    outputs = [] if inputs is None else [np.asarray(y).tolist() for y in model.predict(inputs, verbose=0)]
    print(json.dumps({
        "name": name, "archive": archive, "params": int(model.count_params()),
        "inputs": [] if inputs is None else [x.tolist() for x in inputs], "outputs": outputs,
    }), flush=True)
