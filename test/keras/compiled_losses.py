"""Builds models that `keraflow compile --target keras` wrote, gives them Keraflow's weights, and reports how Keras compiled their losses.

stdin: [{"path": module.py, "build": "build_x", "archive": a .keras file holding the same model's weights, "x": [...], "y": [...]}, ...]
stdout: one line per model: {"loss": the compiled loss, "loss_weights": ..., serialized as Keras does, "step_loss": the loss
of one training step on x and y (computed before the step updates the weights), or "error"}.
"""
import importlib.util
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

for case in json.load(sys.stdin):
    try:
        spec = importlib.util.spec_from_file_location("compiled", case["path"])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = getattr(module, case["build"])()
        saved = keras.saving.load_model(case["archive"], compile=False)
        # The same graph, so the same order of weights (the names differ: Keraflow numbers its layers per process).
        model.set_weights(saved.get_weights())
        config = model.get_compile_config()
        x = [np.array(v, dtype="float32") for v in case["x"]]
        y = [np.array(v, dtype="float32") for v in case["y"]]
        logs = model.train_on_batch(x if len(x) > 1 else x[0], y if len(y) > 1 else y[0], return_dict=True)
        report = {
            "loss": keras.saving.serialize_keras_object(config["loss"]),
            "loss_weights": config["loss_weights"],
            "step_loss": float(logs["loss"]),
        }
    except Exception as error:  # one model's failure is reported, and the others still run
        report = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(report), flush=True)
