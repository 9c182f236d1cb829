"""Loads Keraflow's .keras exports in Keras 3 and reports what Keras makes of them.

Reads a JSON list of cases on stdin: {"archive": path, "inputs": [nested lists, one per model input],
"int_inputs": [indices of int32 inputs]}. For each, writes one JSON object per line: the predictions
(a list, one per output), the parameter count, and the loss of one `fit` step (compiled here with SGD
and mean squared error on zero targets), or {"error": message} when Keras refuses the archive.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from answer_cases import answer_cases  # noqa: E402
import numpy as np  # noqa: E402


def check(case):
    model = keras.saving.load_model(case["archive"])
    inputs = [
        np.asarray(x, dtype="int32" if i in case.get("int_inputs", []) else "float32")
        for i, x in enumerate(case["inputs"])
    ]
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    outputs = [np.asarray(y) for y in outputs]
    model.compile(optimizer="sgd", loss=["mse"] * len(outputs))
    history = model.fit(inputs if len(inputs) > 1 else inputs[0], [np.zeros_like(y) for y in outputs], epochs=1, batch_size=len(inputs[0]), verbose=0)
    return {
        "outputs": [y.tolist() for y in outputs],
        "params": int(model.count_params()),
        "fit_loss": float(history.history["loss"][0]),
    }


answer_cases(check)
