"""Names, shapes and values of layers' weights as Keras 3 has them, from Keraflow's .keras exports.

Reads a JSON list of cases on stdin: {"archive": path, "layer": name}. For each, writes one JSON
object per line: {"weights": [[name, shape, values], ...]} in Keras's order, or {"error": message}.
A weight's name is its path inside the layer (`kernel`; `query/kernel` in MultiHeadAttention;
`forward_lstm/kernel` in Bidirectional) without the segments of an object the layer holds alone:
a recurrent layer's cell (`lstm_cell/`) and TimeDistributed's layer (`dense/`).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from answer_cases import answer_cases  # noqa: E402
import numpy as np  # noqa: E402


def weight_name(layer, weight):
    parts = weight.path.split("/")
    assert parts[0] == layer.name, (weight.path, layer.name)
    parts = parts[1:]
    if isinstance(layer, keras.layers.TimeDistributed):
        parts = parts[1:]
    return "/".join(part for part in parts if not part.endswith("_cell"))


def describe(case):
    model = keras.saving.load_model(case["archive"])
    layer = model.get_layer(case["layer"])
    return {
        "weights": [[weight_name(layer, w), list(w.shape), np.asarray(w).ravel().tolist()] for w in layer.weights],
    }


answer_cases(describe)
