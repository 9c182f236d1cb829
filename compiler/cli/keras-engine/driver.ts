/**
 * The Python side of `keraflow train --engine keras`, written beside the
 * compiled model in the temporary folder (kept here, as text, so that it
 * ships with the built CLI): it builds the model with the module's
 * `build_<name>()`, trains it on the .npy arrays with the settings it is
 * given, reports each epoch and the held-out scores as JSON lines on
 * stdout, and saves the trained model as a .keras archive, whose weights
 * Keraflow reads back.
 */
export const DRIVER = `"""Trains a model compiled by keraflow (compile --target keras); run by keraflow train --engine keras."""
import importlib.util
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def arrays(paths):
    loaded = [np.load(path) for path in paths]
    return loaded[0] if len(loaded) == 1 else loaded


def numbers(logs):
    return {key: float(value) for key, value in (logs or {}).items()}


class Progress(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        emit("epoch_begin", epoch=epoch)

    def on_epoch_end(self, epoch, logs=None):
        emit("epoch_end", epoch=epoch, logs=numbers(logs))


with open(sys.argv[1]) as file:
    spec = json.load(file)
loader = importlib.util.spec_from_file_location("compiled_model", spec["module"])
module = importlib.util.module_from_spec(loader)
loader.loader.exec_module(module)
model = getattr(module, spec["build"])()

options = dict(batch_size=spec["batch_size"], epochs=spec["epochs"], shuffle=spec["shuffle"], verbose=0, callbacks=[Progress()])
if spec["validation"] is not None:
    options["validation_data"] = (arrays(spec["validation"]["x"]), arrays(spec["validation"]["y"]))
elif spec["validation_split"] > 0:
    options["validation_split"] = spec["validation_split"]
model.fit(arrays(spec["train"]["x"]), arrays(spec["train"]["y"]), **options)
scores = model.evaluate(arrays(spec["test"]["x"]), arrays(spec["test"]["y"]), batch_size=spec["batch_size"], verbose=0, return_dict=True)
emit("test", logs=numbers(scores))
model.save(spec["save"])
emit("saved")
`;
