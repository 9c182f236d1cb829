"""Keras 3's view of exported models with weight arguments (regularizers, constraints, initializers).

Reads a JSON list of cases on stdin: {"archive": path, "x": nested list, "y": nested list, "int_input": bool}. For
each, writes one JSON object per line: the configs of the layers' weight arguments as Keras read them, the
training loss of one full batch with a learning rate of 0 (the loss plus `model.losses`), and the predictions
after one step of SGD(0.1) from the archive's weights (constraints applied), or {"error": message}.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from answer_cases import answer_cases  # noqa: E402
import numpy as np  # noqa: E402

KEYS = ("initializer", "regularizer", "constraint")


def weight_arguments(model):
    found = {}
    for layer in model.layers:
        config = layer.get_config()
        cell = config.get("cell", {}).get("config", {}) if isinstance(config.get("cell"), dict) else {}
        for key, value in {**cell, **config}.items():
            if any(key.endswith(suffix) for suffix in KEYS) and value is not None:
                found[f"{layer.name}.{key}"] = {"class_name": value["class_name"], "config": {k: v for k, v in value["config"].items() if k != "seed"}}
    return found


def step(archive, x, y, learning_rate):
    model = keras.saving.load_model(archive)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    history = model.fit(x, y, epochs=1, batch_size=len(x), shuffle=False, verbose=0)
    return model, float(history.history["loss"][0])


def check(case):
    x = np.asarray(case["x"], dtype="int32" if case.get("int_input") else "float32")
    y = np.asarray(case["y"], dtype="float32")
    frozen, loss = step(case["archive"], x, y, 0.0)
    trained, _ = step(case["archive"], x, y, 0.1)
    return {
        "arguments": weight_arguments(frozen),
        "loss": loss,
        "trained": np.asarray(trained.predict(x, verbose=0)).tolist(),
    }


answer_cases(check)
