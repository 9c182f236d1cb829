"""Runs Keras 3's attention layers on given weights and inputs: one JSON line of outputs per case (stdin: {cases: [...]})."""
import json
import sys

import keras
import numpy as np


def main():
    request = json.load(sys.stdin)
    for case in request["cases"]:
        layer = getattr(keras.layers, case["class_name"])(**case["config"])
        inputs = [np.array(x, dtype="float32") for x in case["inputs"]]
        tensors = {name: (np.array(value, dtype="float32") if name != "mask" else [np.array(m) != 0 for m in value]) for name, value in case["tensors"].items()}
        if "attention_mask" in tensors:
            tensors["attention_mask"] = tensors["attention_mask"] != 0

        def run():
            if case["class_name"] == "MultiHeadAttention":
                return layer(*inputs, **tensors, **case["options"])
            return layer(inputs, **tensors, **case["options"])

        run()
        layer.set_weights([np.array(w, dtype="float32") for w in case["weights"]])
        outputs = run()
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        print(json.dumps([np.asarray(output).tolist() for output in outputs]))


main()
