"""Builds Keras 3 models, saves them as .keras archives and as model.to_json() files, and reports what Keras
predicts, for the import tests.

Reads {"folder": path, "only": [names] (optional)} on stdin; writes one JSON object per model: its name, archive, JSON config file,
inputs, Keras's predictions (a list, one per output), output shapes and parameter count. Every weight is
set to random values first (moving variances positive), so that a weight read into the wrong place shows.
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


def functional_several_inputs_outputs():
    a = keras.Input((5,), name="a")
    b = keras.Input((3, 4), name="b")
    shared = layers.Dense(6, activation="tanh", name="shared")
    left = shared(layers.Dense(5, activation="relu", name="left")(a))
    right = shared(layers.Dense(5, name="right")(layers.Flatten(name="flat")(b)))
    mixed = layers.Concatenate(name="joined")([left, right, layers.Multiply(name="gated")([left, right])])
    total = layers.Add(name="total")([left, right])
    first = layers.Dense(3, activation="softmax", name="kind")(layers.Dropout(0.3, name="drop")(mixed))
    second = layers.Activation("sigmoid", name="squash")(layers.Dense(1, use_bias=False, name="score")(total))
    model = keras.Model([a, b], [first, second], name="several")
    model.compile(optimizer=keras.optimizers.RMSprop(0.002), loss={"kind": "categorical_crossentropy", "squash": "binary_crossentropy"},
                  metrics={"kind": ["accuracy"], "squash": ["accuracy"]})
    return model, [normal(4, 5), normal(4, 3, 4)]


def sequential():
    model = keras.Sequential([
        keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dropout(0.2), layers.Dense(3, activation="softmax"),
    ], name="sequential_mlp")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    return model, [normal(4, 8)]


def sequential_input_shape():
    model = keras.Sequential([layers.Dense(4, input_shape=(6,), activation="tanh"), layers.Dense(2)], name="sequential_shape")
    model.compile(optimizer="sgd", loss=keras.losses.MeanSquaredError(), metrics=[keras.metrics.MeanAbsoluteError()])
    return model, [normal(3, 6)]


def convolutional():
    x = keras.Input((12, 12, 3), name="image")
    h = layers.Conv2D(4, 3, activation="relu", name="conv_a")(x)
    h = layers.MaxPooling2D(name="pool_a")(h)
    h = layers.ZeroPadding2D(1, name="pad")(h)
    h = layers.Conv2D(6, (3, 2), strides=(1, 2), padding="same", use_bias=False, name="conv_b")(h)
    h = layers.AveragePooling2D(2, strides=1, name="pool_b")(h)
    h = layers.UpSampling2D(name="up")(h)
    h = layers.BatchNormalization(name="norm")(h)
    h = layers.GlobalMaxPooling2D(name="global")(h)
    model = keras.Model(x, layers.Dense(5, activation="softmax", name="classes")(h), name="convolutional")
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model, [normal(2, 12, 12, 3)]


def recurrent():
    tokens = keras.Input((None,), dtype="int32", name="tokens")  # unknown length: a symbolic size in Keraflow
    h = layers.Embedding(20, 8, name="embed")(tokens)
    h = layers.Bidirectional(layers.LSTM(5, return_sequences=True), name="both_ways")(h)
    h = layers.GRU(4, reset_after=False, return_sequences=True, name="gru")(h)
    h = layers.TimeDistributed(layers.Dense(3), name="per_step")(h)
    h = layers.SimpleRNN(3, name="simple")(h)
    model = keras.Model(tokens, layers.Dense(2, name="out")(h), name="recurrent")
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    return model, [rng.integers(0, 20, size=(3, 6)).astype("int32")]


def sequence():
    x = keras.Input((10, 4), name="signal")
    h = layers.Conv1D(6, 3, activation="relu", name="conv")(x)
    h = layers.MaxPooling1D(2, name="pool")(h)
    h = layers.LSTM(5, return_sequences=True, recurrent_activation="hard_sigmoid", name="memory")(h)
    h = layers.LayerNormalization(name="layer_norm")(h)
    h = layers.Permute((2, 1), name="swap")(h)
    h = layers.Reshape((20,), name="flat")(h)
    h = layers.RepeatVector(2, name="twice")(h)
    h = layers.GlobalAveragePooling1D(name="mean")(h)
    return keras.Model(x, layers.Dense(2, name="out")(h), name="sequence"), [normal(3, 10, 4)]


def masked():
    steps = keras.Input((None, 3), name="steps")
    tokens = keras.Input((None,), dtype="int32", name="tokens")
    left = layers.LSTM(4, name="steps_memory")(layers.Masking(0.0, name="skip_zeros")(steps))
    right = layers.GRU(4, reset_after=False, name="tokens_memory")(layers.Embedding(10, 5, mask_zero=True, name="embed")(tokens))
    model = keras.Model([steps, tokens], layers.Dense(2, name="out")(layers.Concatenate(name="both")([left, right])), name="masked")
    x = normal(3, 5, 3)
    x[:, 3:, :] = 0  # the last two steps padded
    t = rng.integers(1, 10, size=(3, 5)).astype("int32")
    t[:, 4:] = 0
    return model, [x, t]


def with_lambda():
    x = keras.Input((3,), name="x")
    return keras.Model(x, layers.Dense(1, name="out")(layers.Lambda(lambda t: t * 2, name="double")(x)), name="with_lambda"), None


@keras.saving.register_keras_serializable(package="test")
class Scale(layers.Layer):
    def call(self, x):
        return x * 2


def custom():
    x = keras.Input((3,), name="x")
    return keras.Model(x, layers.Dense(1, name="out")(Scale(name="scaled")(x)), name="custom"), None


def gru_reset_after():
    # Keras 3's default GRU (reset_after=True, a bias of shape [2, 3 * units]), its random weights set below.
    x = keras.Input((4, 3), name="steps")
    return keras.Model(x, layers.GRU(2, return_sequences=True, name="gru")(x), name="gru_reset_after"), [normal(3, 4, 3)]


def penalized():
    # Regularizers and constraints as Keras writes them, on Dense, LSTM (its joined kernels) and BatchNormalization.
    x = keras.Input((6,), name="x")
    h = layers.Dense(5, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01), bias_regularizer=keras.regularizers.L1(0.02),
                     kernel_constraint=keras.constraints.MaxNorm(2.0), bias_constraint=keras.constraints.NonNeg(), name="hidden")(x)
    h = layers.Reshape((5, 1), name="steps")(h)
    h = layers.LSTM(3, kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02), recurrent_constraint=keras.constraints.UnitNorm(), name="memory")(h)
    h = layers.BatchNormalization(gamma_regularizer=keras.regularizers.L2(0.1),
                                  beta_constraint=keras.constraints.MinMaxNorm(min_value=0.1, max_value=1.0, rate=0.5), name="norm")(h)
    out = layers.Dense(2, kernel_regularizer="l2", kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.02), name="out")
    model = keras.Model(x, out(h), name="penalized")
    model.compile(optimizer="sgd", loss="mse")
    return model, [normal(4, 6)]


def activity():
    x = keras.Input((3,), name="x")
    return keras.Model(x, layers.Dense(2, activity_regularizer="l2", name="out")(x), name="activity"), None


def bias_init():
    x = keras.Input((6, 2), name="x")
    h = layers.Conv1D(3, 2, bias_initializer=keras.initializers.Constant(0.5), name="conv")(x)
    h = layers.Flatten(name="flat")(h)
    return keras.Model(x, layers.Dense(2, bias_initializer="ones", name="out")(h), name="bias_init"), [normal(2, 6, 2)]


def states():
    # An encoder's last states start a decoder (initial_state); the encoder's h is an output too.
    source = keras.Input((None, 3), name="source")
    target = keras.Input((None, 2), name="target")
    _, h, c = layers.LSTM(4, return_state=True, name="encoder")(source)
    decoded = layers.LSTM(4, return_sequences=True, name="decoder")(target, initial_state=[h, c])
    model = keras.Model([source, target], [layers.Dense(2, name="per_step")(decoded), h], name="states")
    return model, [normal(3, 5, 3), normal(3, 4, 2)]


def attention():
    # Cross-attention with a key and a mask; self-attention with a causal mask, its scores an output too.
    query = keras.Input((3, 4), name="query")
    value = keras.Input((5, 6), name="value")
    key = keras.Input((5, 2), name="key")
    mask = keras.Input((3, 5), name="mask")
    crossed = layers.MultiHeadAttention(2, 3, name="cross")(query, value, key=key, attention_mask=mask)
    attended, scores = layers.MultiHeadAttention(2, 2, value_dim=3, name="self")(crossed, crossed, use_causal_mask=True, return_attention_scores=True)
    model = keras.Model([query, value, key, mask], [attended, scores], name="attention")
    seen = (rng.random((2, 3, 5)) > 0.3).astype("float32")
    seen[:, :, 0] = 1  # every query position sees something
    return model, [normal(2, 3, 4), normal(2, 5, 6), normal(2, 5, 2), seen]


def nested():
    # A Sequential and a functional model used as layers of a functional model (their layers named by Keras).
    inner_sequential = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="relu"), layers.Dense(3)], name="inner_sequential")
    inner_input = keras.Input((3,), name="inner_input")
    inner_functional = keras.Model(inner_input, layers.Dense(2, activation="tanh")(inner_input), name="inner_functional")
    x = keras.Input((4,), name="x")
    model = keras.Model(x, layers.Dense(1, name="out")(inner_functional(inner_sequential(x))), name="nested")
    return model, [normal(3, 4)]


def nested_sequential():
    inner = keras.Sequential([keras.Input((6,)), layers.Dense(4, activation="sigmoid")], name="inner")
    model = keras.Sequential([keras.Input((6,)), inner, layers.Dense(2)], name="nested_sequential")
    return model, [normal(3, 6)]


def nested_names():
    # Layers of nested models named as outer layers are (Keras allows it): the inner ones are renamed when inlined; the inner Sequential is called twice.
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(4, activation="tanh", name="hidden")], name="inner")
    side_input = keras.Input((4,), name="side_input")
    side = keras.Model(side_input, layers.Dense(3, name="hidden")(side_input), name="side")
    x = keras.Input((4,), name="x")
    twice = inner(inner(x))
    outer = layers.Dense(4, activation="relu", name="hidden")(twice)
    model = keras.Model(x, layers.Dense(2, name="out")(layers.Concatenate(name="joined")([outer, side(twice)])), name="nested_names")
    return model, [normal(3, 4)]


def merged():
    # Average, Maximum and Minimum, which only Keraflow's Keras dialect has: keraflow import writes a `use keras` file.
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    left = layers.Dense(3, activation="relu", name="left")(a)
    right = layers.Dense(3, use_bias=False, kernel_initializer="he_normal", name="right")(b)
    pair = [left, right]
    joined = layers.Concatenate(name="joined")([layers.Average(name="mean")(pair), layers.Maximum(name="high")(pair), layers.Minimum(name="low")(pair)])
    model = keras.Model([a, b], layers.Dense(2, activation="softmax", name="kind")(joined), name="merged")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    return model, [normal(3, 4), normal(3, 4)]


request = json.load(sys.stdin)
folder = request["folder"]
BUILDERS = [
    ("several", functional_several_inputs_outputs), ("sequential", sequential), ("sequential_shape", sequential_input_shape),
    ("convolutional", convolutional), ("recurrent", recurrent), ("sequence", sequence), ("masked", masked), ("lambda", with_lambda), ("custom", custom),
    ("gru_reset_after", gru_reset_after), ("penalized", penalized), ("activity", activity), ("bias_init", bias_init),
    ("states", states), ("attention", attention), ("nested", nested), ("nested_sequential", nested_sequential),
    ("merged", merged), ("nested_names", nested_names),
]
for name, build in BUILDERS:
    if "only" in request and name not in request["only"]:
        continue
    model, inputs = build()
    for weight in model.weights:
        values = rng.normal(scale=0.5, size=weight.shape)
        weight.assign(np.abs(values) + 0.5 if "variance" in weight.path else values)
    archive = os.path.join(folder, f"{name}.keras")
    model.save(archive)
    config = os.path.join(folder, f"{name}.json")
    with open(config, "w") as file:
        file.write(model.to_json())
    predicted = [] if inputs is None else model.predict(inputs, verbose=0)
    outputs = [np.asarray(y).tolist() for y in (predicted if isinstance(predicted, list) else [predicted])]
    shapes = [list(output.shape[1:]) for output in model.outputs]
    print(json.dumps({
        "name": name, "archive": archive, "config": config, "params": int(model.count_params()), "output_shapes": shapes,
        "inputs": [] if inputs is None else [x.tolist() for x in inputs], "outputs": outputs,
    }), flush=True)
