"""The peer of bench/peer/train.ts: Keras 3 (KERAS_BACKEND=jax, on the CPU)
training the same model, batch and optimizer (SGD, lr 0.01, categorical
crossentropy) on synthetic data of the same shapes.

    python bench/peer/keras_peer.py <mlp|cnn|lstm> <steps> [cores]

With `cores` (Linux), the process is pinned to that many CPUs before JAX
starts (XLA sizes its thread pool from them; XLA_FLAGS no longer limit it):
the peer's own scaling from 1 to N cores, beside Keraflow's.

Builds and compiles the model, trains one warm-up epoch (XLA compiles the
step), prints {"ready": ...}, then for each line "epoch" on stdin trains one
epoch of <steps> batches and prints one JSON line: wall and CPU ms per step.
Kept alive between epochs so that the benchmark can interleave it with the
other contestants' rounds.
"""
import json
import os
import sys
import time

if len(sys.argv) > 3:
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: int(sys.argv[3])])
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import keras  # noqa: E402
import numpy as np  # noqa: E402

name, steps = sys.argv[1], int(sys.argv[2])
SHAPES = {"mlp": ((784,), 128), "cnn": ((28, 28, 1), 64), "lstm": ((20, 32), 64)}
input_shape, batch = SHAPES[name]

layers = keras.layers
if name == "mlp":
    stack = [layers.Dense(512, activation="relu"), layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
elif name == "cnn":
    stack = [
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(10, activation="softmax"),
    ]
else:
    stack = [layers.LSTM(64, recurrent_activation="hard_sigmoid"), layers.Dense(10, activation="softmax")]
model = keras.Sequential([keras.Input(input_shape), *stack])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="categorical_crossentropy")

rng = np.random.default_rng(12345)
x = rng.random((batch * steps, *input_shape), dtype=np.float32)
y = keras.utils.to_categorical(rng.integers(0, 10, batch * steps), 10).astype(np.float32)


def epoch():
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)


epoch()  # warm-up: XLA compiles the training step
print(json.dumps({"ready": True, "keras": keras.__version__, "backend": keras.backend.backend()}), flush=True)
for line in sys.stdin:
    if line.strip() != "epoch":
        continue
    wall, cpu = time.perf_counter(), time.process_time()
    epoch()
    print(json.dumps({"msPerStep": (time.perf_counter() - wall) * 1000 / steps, "cpuMsPerStep": (time.process_time() - cpu) * 1000 / steps}), flush=True)
