"""Builds in Keras 3 one model with Cropping1D/2D/3D, Dot and GlobalMax/AveragePooling3D, saves it as a .keras archive
and reports what Keras predicts, in build_models.py's format (one JSON object on stdout).

Reads {"folder": path} on stdin. Every weight is set to random values first, so that a weight read into the wrong place shows.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

layers = keras.layers
rng = np.random.default_rng(0)


def normal(*shape):
    return rng.normal(size=shape).astype("float32")


def shape_layers():
    steps = keras.Input((8, 3), name="steps")
    image = keras.Input((3, 6, 7), name="image")
    volume = keras.Input((4, 5, 6, 2), name="volume")
    cropped = layers.Cropping1D((1, 2), name="crop_steps")(steps)  # (5, 3)
    image_cropped = layers.Cropping2D(((1, 0), (2, 1)), data_format="channels_first", name="crop_image")(image)  # (3, 5, 4)
    volume_cropped = layers.Cropping3D(((0, 1), 1, (2, 0)), name="crop_volume")(volume)  # (3, 3, 4, 2)
    peak = layers.GlobalMaxPooling3D(name="peak")(volume_cropped)  # (2,)
    mean = layers.GlobalAveragePooling3D(data_format="channels_first", name="mean")(volume)  # (4,)
    kept = layers.GlobalAveragePooling3D(keepdims=True, name="kept")(volume)  # (1, 1, 1, 2)
    projected = layers.Dense(5, name="project")(layers.Flatten(name="flat_image")(image_cropped))  # (5,)
    products = layers.Dot(axes=(1, 1), name="products")([cropped, layers.Dense(4, name="wide")(cropped)])  # (3, 4)
    cosine = layers.Dot(axes=-1, normalize=True, name="cosine")([layers.Dense(3, name="to_three")(mean), layers.Dense(3, name="peak_three")(peak)])  # (1,)
    joined = layers.Concatenate(name="joined")([
        layers.Flatten(name="flat_products")(products), projected, cosine, layers.Flatten(name="flat_kept")(kept),
    ])
    return keras.Model([steps, image, volume], layers.Dense(2, name="out")(joined), name="shape_layers"), [
        normal(3, 8, 3), normal(3, 3, 6, 7), normal(3, 4, 5, 6, 2),
    ]


request = json.load(sys.stdin)
model, inputs = shape_layers()
for weight in model.weights:
    weight.assign(rng.normal(scale=0.5, size=weight.shape))
archive = os.path.join(request["folder"], "shape_layers.keras")
model.save(archive)
predicted = model.predict(inputs, verbose=0)
print(json.dumps({
    "name": "shape_layers", "archive": archive, "config": "", "params": int(model.count_params()),
    "output_shapes": [list(output.shape[1:]) for output in model.outputs],
    "inputs": [x.tolist() for x in inputs], "outputs": [np.asarray(predicted).tolist()],
}), flush=True)
