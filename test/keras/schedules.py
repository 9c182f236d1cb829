"""Keras 3's learning-rate schedules for test/keras/schedules.test.ts.

stdin: [{"class_name": ..., "config": {...}, "steps": [0, 1, ...]}, ...]
stdout: one line per case, {"rates": [rate at each step, ...]}.
"""
import json
import sys

import keras

for case in json.load(sys.stdin):
    schedule = getattr(keras.optimizers.schedules, case["class_name"])(**case["config"])
    print(json.dumps({"rates": [float(schedule(step)) for step in case["steps"]]}))
