"""Loads Keraflow's .keras exports in Keras 3, predicts, and saves each again with Keras itself.

Reads a JSON list of cases on stdin: {"archive": path, "resaved": path, "inputs": [nested lists, one per
model input], "int_inputs": [indices of int32 inputs]}. For each, writes one JSON object per line: the
predictions (a list, one per output) and the parameter count, or {"error": message} when Keras refuses
the archive; the archive Keras wrote is at "resaved", for Keraflow's import to read back.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from answer_cases import answer_cases  # noqa: E402
import numpy as np  # noqa: E402


def resave(case):
    model = keras.saving.load_model(case["archive"])
    inputs = [
        np.asarray(x, dtype="int32" if i in case.get("int_inputs", []) else "float32")
        for i, x in enumerate(case["inputs"])
    ]
    outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    model.save(case["resaved"])
    return {"outputs": [np.asarray(y).tolist() for y in outputs], "params": int(model.count_params())}


answer_cases(resave)
