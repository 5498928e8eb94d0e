"""The original's feature-space animation, made as its README makes it, for tools/bench/original-pipeline.ts.

python3 original-feature-space.py ORIGINAL FILE.h5 GROUP LAYER OUT.mp4 SIZE_PX

ORIGINAL is a checkout of https://github.com/dvgodoy/deepreplay; its own deepreplay/plot.py draws and
animates (FeatureSpace, build_2d_grid, FuncAnimation saved through ffmpeg). What its Replay computes
with Keras 2.2 (not installable here) is computed below in numpy, following replay.py's
build_feature_space at its defaults: an 11-line grid of 1000 points per line and a 1000 x 1000
contour over xlim = ylim = (-1, 1), every epoch from 0 to the last, scale_fixed, display_grid. The
model comes from GROUP_model.h5 beside FILE (Replay's default name), its weights per epoch from
FILE as replay.py's _retrieve_weights reads them. Nothing is patched: the FeatureSpace path of the
2018 plot.py runs as it is on Debian 12's numpy 1.24 and matplotlib 3.6.
"""
import json
import os
import sys

import h5py
import numpy as np
import matplotlib

matplotlib.use("Agg")  # no display here; a notebook's inline backend renders through Agg too
import matplotlib.pyplot as plt

original, path, group_name, layer_name, out, size = sys.argv[1:7]
sys.path.insert(0, original)
from deepreplay.plot import FeatureSpace, FeatureSpaceData, FeatureSpaceLines, build_2d_grid  # noqa: E402

# replay.py's build_feature_space defaults, and the README's figure: figsize=(5, 5), dpi=120, fps=5.
CONTOUR_POINTS = 1000
XLIM = YLIM = (-1, 1)
DPI = 120
FPS = 5

# Keras 2.2's activations a Dense layer of a deepreplay model uses, as the TensorFlow backend computes them.
ACTIVATIONS = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "linear": lambda z: z,
}


def dense_layers(model_path):
    """(name, activation) of each layer of the Keras model file, in order; Dense layers with biases only."""
    with h5py.File(model_path, "r") as model:
        config = json.loads(model.attrs["model_config"])["config"]
    layers = config if isinstance(config, list) else config["layers"]  # Keras 2.2.0 wrote a list, 2.2.3+ a dict
    for layer in layers:
        dense = layer["class_name"] == "Dense" and layer["config"].get("use_bias", True)
        if not dense or layer["config"]["activation"] not in ACTIVATIONS:
            sys.exit("original-feature-space.py: only Dense layers with biases and {} are computed here".format(sorted(ACTIVATIONS)))
    return [(layer["config"]["name"], ACTIVATIONS[layer["config"]["activation"]]) for layer in layers]


def output_of(x, weights, layers, last):
    """The output of layer `last` for inputs x, in float32 as Keras' placeholders hold them."""
    x = x.astype(np.float32)
    for (name, activation), (kernel, bias) in zip(layers, weights):
        x = activation(x @ kernel + bias)
        if name == last:
            return x
    raise ValueError("no layer {}".format(last))


replay_data = h5py.File(path, "r")
group = replay_data[group_name]
layers = dense_layers(os.path.join(os.path.dirname(path), "{}_model.h5".format(group_name)))
n_epochs = group.attrs["n_epochs"]
# replay.py's _retrieve_weights: every layer's weights0, weights1 over n_epochs + 1 epochs (the initial ones first).
stored = [[np.array(group["layer{}".format(l)]["weights{}".format(w)]) for w in range(2)] for l in range(len(layers))]
weights = [[(kernel[epoch], bias[epoch]) for kernel, bias in stored] for epoch in range(n_epochs + 1)]

# build_feature_space: the classes sorted apart, the grid and contour bent by the layer, the contour's predictions.
X = group["inputs"][:]
y = group["targets"][:]
y_ind = y.squeeze().argsort()
X = X.squeeze()[y_ind].reshape(X.shape)
y = y.squeeze()[y_ind]
grid_lines = build_2d_grid(XLIM, YLIM)
contour_lines = build_2d_grid(XLIM, YLIM, CONTOUR_POINTS, CONTOUR_POINTS)
output = layers[-1][0]
bent_lines, bent_inputs, bent_contour_lines, bent_preds = [], [], [], []
for epoch in range(n_epochs + 1):
    bent_inputs.append(output_of(X, weights[epoch], layers, layer_name))
    bent_lines.append(output_of(grid_lines.reshape(-1, 2), weights[epoch], layers, layer_name).reshape(grid_lines.shape[:2] + (-1,)))
    contour_shape = contour_lines.shape[:2] + (-1,)
    bent_contour_lines.append(output_of(contour_lines.reshape(-1, 2), weights[epoch], layers, layer_name).reshape(contour_shape))
    # as replay.py: the predictions from the inputs again, not from the layer's output, and .astype(np.int), i.e. int64
    bent_preds.append((output_of(contour_lines.reshape(-1, 2), weights[epoch], layers, output).reshape(contour_shape) > 0.5).astype(np.int64))

data = FeatureSpaceData(
    line=FeatureSpaceLines(grid=grid_lines, input=X, contour=contour_lines),
    bent_line=FeatureSpaceLines(grid=np.array(bent_lines), input=np.array(bent_inputs), contour=np.array(bent_contour_lines)),
    prediction=np.array(bent_preds),
    target=y,
)

# The README: fig, ax = plt.subplots(1, 1, figsize=(5, 5)); fs.animate().save('...mp4', dpi=120, fps=5)
fig, ax = plt.subplots(1, 1, figsize=(int(size) / DPI, int(size) / DPI))
fs = FeatureSpace(ax, scale_fixed=True).load_data(data)
fs.animate().save(out, dpi=DPI, fps=FPS)
