/**
 * The Python side of `keraflow train --engine keras`, written into the run's
 * temporary folder (kept here, as text, so that it ships with the built
 * CLI). Started before Keraflow has compiled anything (python.ts), it
 * imports Keras and says so (`ready`, with the version and backend); then,
 * one JSON line at a time on stdin: `build` loads the compiled module and
 * builds the model with its `build_<name>()` (while Keraflow loads the
 * data), and `fit` trains it on the .npy arrays with the settings given,
 * reports each epoch and the held-out scores as JSON lines on stdout, and
 * saves the trained model as a .keras archive when Keraflow wants the
 * weights back. The end of stdin ends it.
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


def receive():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    return json.loads(line)


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


emit("ready", version=keras.__version__, backend=keras.backend.backend())

build = receive()["build"]
loader = importlib.util.spec_from_file_location("compiled_model", build["module"])
module = importlib.util.module_from_spec(loader)
loader.loader.exec_module(module)
model = getattr(module, build["function"])()
emit("built")

spec = receive()["fit"]
options = dict(batch_size=spec["batch_size"], epochs=spec["epochs"], shuffle=spec["shuffle"], verbose=0, callbacks=[Progress()])
if spec["validation"] is not None:
    options["validation_data"] = (arrays(spec["validation"]["x"]), arrays(spec["validation"]["y"]))
elif spec["validation_split"] > 0:
    options["validation_split"] = spec["validation_split"]
model.fit(arrays(spec["train"]["x"]), arrays(spec["train"]["y"]), **options)
scores = model.evaluate(arrays(spec["test"]["x"]), arrays(spec["test"]["y"]), batch_size=spec["batch_size"], verbose=0, return_dict=True)
emit("test", logs=numbers(scores))
if spec["save"] is not None:
    model.save(spec["save"])
emit("done")
`;
