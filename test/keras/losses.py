"""Keras 3's per-sample losses and metrics for test/keras/losses.test.ts.

stdin: [{"kind": "loss" | "metric", "name": <class or function name>, "config": {...}, "y_true": [...], "y_pred": [...]}, ...]
stdout: one line per case, {"values": [per-sample value, ...]} (losses with reduction=None; metrics as functions).
"""
import json
import sys

import numpy as np
import keras

for case in json.load(sys.stdin):
    y_true = np.array(case["y_true"], dtype="float32")
    y_pred = np.array(case["y_pred"], dtype="float32")
    if case["kind"] == "loss":
        loss = getattr(keras.losses, case["name"])(reduction=None, **case["config"])
        values = loss(y_true, y_pred)
    else:
        values = getattr(keras.metrics, case["name"])(y_true, y_pred)
    print(json.dumps({"values": np.asarray(values, dtype="float64").reshape(-1).tolist()}))
