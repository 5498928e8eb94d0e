"""Reads a deepreplay recording the way Python deepreplay (Keras 2.2) reads it, and prints its layout.

python3 read_like_deepreplay.py REPLAY.h5 GROUP MODEL.h5

Every read follows deepreplay's Replay.__init__ and its methods (replay.py), the layout its ReplayData
callback writes (callbacks.py), and what Keras 2.2.0's load_model reads from MODEL.h5 (saving.py) under
the h5py 2 it ran with: a string attribute Keras decodes must be ASCII, which h5py 2 hands back as
bytes (UTF-8 came back as str, whose missing .decode broke load_model). Keras itself is not run (there
is no Keras 2.2 here): its layer constructors' keyword arguments, activations, losses, metrics and
optimizers are listed below from Keras 2.2.0's source. Prints one JSON object: the layout (every
attribute's and dataset's type and shape) and the problems found, each a sentence.
"""
import json
import sys

import h5py
import numpy as np

# Keras 2.2.0: keyword arguments each layer's constructor takes (Layer.__init__'s own included).
LAYER_KWARGS = {"input_shape", "batch_input_shape", "batch_size", "dtype", "name", "trainable", "weights", "input_dtype"}
INITIALIZERS = {"kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"}
LAYERS = {
    "Dense": {"units", "activation", "use_bias"} | INITIALIZERS,
    "Activation": {"activation"},
    "Dropout": {"rate", "noise_shape", "seed"},
    "BatchNormalization": {"axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
                           "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer",
                           "gamma_regularizer", "beta_constraint", "gamma_constraint"},
    "Flatten": {"data_format"},
    "LeakyReLU": {"alpha"},
    "InputLayer": {"input_shape", "batch_size", "batch_input_shape", "dtype", "input_tensor", "sparse", "name"},
}
ACTIVATIONS = {"softmax", "elu", "selu", "softplus", "softsign", "relu", "tanh", "sigmoid", "hard_sigmoid", "linear"}
LOSSES = {"mean_squared_error", "mse", "mean_absolute_error", "mae", "binary_crossentropy", "categorical_crossentropy",
          "sparse_categorical_crossentropy", "hinge", "squared_hinge", "kullback_leibler_divergence", "poisson", "cosine_proximity"}
METRICS = {"acc", "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mse", "mae",
           "mean_squared_error", "mean_absolute_error", "top_k_categorical_accuracy"} | LOSSES
OPTIMIZERS = {"SGD": {"lr", "momentum", "decay", "nesterov"}, "RMSprop": {"lr", "rho", "epsilon", "decay"},
              "Adagrad": {"lr", "epsilon", "decay"}, "Adadelta": {"lr", "rho", "epsilon", "decay"},
              "Adam": {"lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"}, "Adamax": {"lr", "beta_1", "beta_2", "epsilon", "decay"},
              "Nadam": {"lr", "beta_1", "beta_2", "epsilon", "schedule_decay"}}
OPTIMIZER_KWARGS = {"clipnorm", "clipvalue"}

problems = []
# What deepreplay reads differently without failing (a model with more layers than the recording).
notes = []


def attribute_kind(node, name):
    """The attribute's HDF5 type as h5py reports it: 'int64', 'vlen-ascii', 'fixed-ascii', 'vlen-utf8', ..."""
    tid = node.attrs.get_id(name).get_type()
    if isinstance(tid, h5py.h5t.TypeStringID):
        charset = "ascii" if tid.get_cset() == h5py.h5t.CSET_ASCII else "utf8"
        return ("vlen-" if tid.is_variable_str() else "fixed-") + charset
    return str(node.attrs.get_id(name).dtype)


def layout(node):
    """Every attribute (type, shape) and dataset (dtype, shape) under node, by path."""
    entries = {}

    def add(path, obj):
        for name in obj.attrs:
            entries["{}@{}".format(path, name)] = {"kind": attribute_kind(obj, name), "shape": list(obj.attrs.get_id(name).shape)}
        if isinstance(obj, h5py.Dataset):
            entries[path] = {"kind": str(obj.dtype), "shape": list(obj.shape)}

    add("", node)
    node.visititems(lambda name, obj: add(name, obj))
    return entries


def keras_bytes(node, name):
    """A string attribute as h5py 2 handed it to Keras 2.2: ASCII as bytes; anything else is a problem."""
    kind = attribute_kind(node, name)
    if not kind.endswith("ascii"):
        problems.append("{}@{} is {}: h5py 2 returns it as str and Keras 2.2 calls .decode on it".format(node.name, name, kind))
    value = node.attrs[name]
    return value if isinstance(value, (bytes, np.bytes_)) else str(value).encode("ascii")


def keras_strings(node, name):
    """load_attributes_from_hdf5_group: an array of fixed ASCII strings, each decoded."""
    if name not in node.attrs:
        problems.append("{} has no {} attribute".format(node.name, name))
        return []
    values = node.attrs[name]
    if len(values) and attribute_kind(node, name) != "fixed-ascii":
        problems.append("{}@{} is {}, not fixed-length ASCII strings".format(node.name, name, attribute_kind(node, name)))
    return [v.decode("utf8") for v in values]


def read_replay(path, group_name):
    """Replay.__init__, _retrieve_weights, get_training_metric, training_loss, learning_rate."""
    replay = h5py.File(path, "r")
    group = replay[group_name]
    inputs = group["inputs"][:]
    targets = group["targets"][:]
    n_epochs = int(group.attrs["n_epochs"])
    n_layers = int(group.attrs["n_layers"])
    n_weights = [range(len(group["layer{}".format(l)])) for l in range(n_layers)]
    weights = [np.array(group["layer{}".format(l)]["weights{}".format(w)]) for l, ws in enumerate(n_weights) for w in ws]
    epochs = [[w[epoch] for w in weights] for epoch in range(n_epochs + 1)]
    if any(len(w) != n_epochs + 1 for w in weights):
        problems.append("a weights dataset does not hold n_epochs + 1 = {} epochs".format(n_epochs + 1))
    for name in ("loss", "lr"):
        if group[name][:].shape != (n_epochs,):
            problems.append("{} does not hold n_epochs = {} values".format(name, n_epochs))
    if len(inputs) != len(targets) or targets.ndim != 2:
        problems.append("targets are not one row per input (ReplayData reshapes them to (len, -1))")
    # ReplayData's attributes, as its on_train_begin writes them.
    for name in ("samples", "batch_size", "n_batches", "n_epochs", "n_layers"):
        if group.attrs.get_id(name).dtype.kind != "i":
            problems.append("{}@{} is no integer".format(group.name, name))
    samples, batch_size = int(group.attrs["samples"]), int(group.attrs["batch_size"])
    if int(group.attrs["n_batches"]) != (samples + batch_size - 1) // batch_size or samples != len(inputs):
        problems.append("samples / batch_size / n_batches disagree with each other or the inputs")
    functions = [f.decode("ascii") for f in group.attrs["activation_functions"]]
    if len(functions) != n_layers:
        problems.append("activation_functions has {} entries for {} layers".format(len(functions), n_layers))
    series = sorted(name for name in group if isinstance(group[name], h5py.Dataset) and name not in ("inputs", "targets"))
    result = {"layout": layout(group), "n_epochs": n_epochs, "n_layers": n_layers, "series": series,
              "epoch0": [w.tolist() for w in epochs[0]], "activation_functions": functions}
    replay.close()
    return result


def expected_weights(class_name, config, features):
    """The shapes of a layer's weights as Keras 2.2 builds it, and its output width."""
    if class_name == "Dense":
        return [(features, config["units"])] + ([(config["units"],)] if config.get("use_bias", True) else []), config["units"]
    if class_name == "BatchNormalization":
        count = int(config.get("scale", True)) + int(config.get("center", True)) + 2
        return [(features,)] * count, features
    return [], features


def check_layer(class_name, config):
    if class_name not in LAYERS:
        problems.append("layer class {} is not one Keras 2.2 knows here".format(class_name))
        return
    unknown = set(config) - LAYERS[class_name] - (LAYER_KWARGS if class_name != "InputLayer" else set())
    if unknown:
        problems.append("{} {} takes no keyword arguments {} in Keras 2.2".format(class_name, config.get("name"), sorted(unknown)))
    if "activation" in config and config["activation"] not in ACTIVATIONS:
        problems.append("{} {}: Keras 2.2 has no activation {}".format(class_name, config.get("name"), config["activation"]))


def read_model(path):
    """load_model: model_config → model_from_config, model_weights → load_weights_from_hdf5_group, training_config → compile."""
    f = h5py.File(path, "r")
    model_config = json.loads(keras_bytes(f, "model_config").decode("utf-8"))
    class_name, config = model_config["class_name"], model_config["config"]
    if class_name == "Sequential":
        if not isinstance(config, list):
            problems.append("a Keras 2.2.0 Sequential config is a list of layers")
        layers = config
        batch_shape = layers[0]["config"].get("batch_input_shape")
    elif class_name == "Model":
        layers = config["layers"]
        for i, layer in enumerate(layers):
            inbound = layer.get("inbound_nodes")
            if inbound is None or (i > 0 and [node[0] for node in inbound[0]] != [layers[i - 1]["name"]]):
                problems.append("Model layer {} is not fed by the layer before it".format(layer.get("name")))
        if config.get("input_layers") != [[layers[0]["name"], 0, 0]] or config.get("output_layers") != [[layers[-1]["name"], 0, 0]]:
            problems.append("Model input_layers / output_layers do not name the chain's ends")
        batch_shape = layers[0]["config"].get("batch_input_shape")
    else:
        problems.append("model class {} is neither Sequential nor Model".format(class_name))
        layers, batch_shape = [], None
    if not batch_shape:
        problems.append("the first layer has no batch_input_shape")
    for layer in layers:
        check_layer(layer["class_name"], layer["config"])

    weights_root = f["model_weights"]
    keras_bytes(weights_root, "keras_version").decode("utf8")
    keras_bytes(weights_root, "backend").decode("utf8")
    keras_bytes(f, "keras_version").decode("utf8")
    keras_bytes(f, "backend").decode("utf8")
    layer_names = keras_strings(weights_root, "layer_names")
    config_names = [layer["config"]["name"] for layer in layers]
    if layer_names != config_names:
        problems.append("model_weights layer_names {} are not the config's layers {}".format(layer_names, config_names))
    features = int(np.prod(batch_shape[1:])) if batch_shape else 0
    initial = []
    for layer in layers:
        shapes, features = expected_weights(layer["class_name"], layer["config"], features)
        name = layer["config"]["name"]
        if name not in weights_root:
            continue
        g = weights_root[name]
        weight_names = keras_strings(g, "weight_names")
        values = [np.asarray(g[weight_name]) for weight_name in weight_names]
        if [v.shape for v in values] != shapes:
            problems.append("layer {} holds weights of shapes {}, Keras 2.2 builds {}".format(name, [v.shape for v in values], shapes))
        initial += [v.tolist() for v in values]

    training = None
    if "training_config" in f.attrs:
        training = json.loads(keras_bytes(f, "training_config").decode("utf-8"))
        if training["loss"] not in LOSSES:
            problems.append("Keras 2.2 has no loss {}".format(training["loss"]))
        for metric in training["metrics"]:
            if metric not in METRICS:
                problems.append("Keras 2.2 has no metric {}".format(metric))
        optimizer = training["optimizer_config"]
        if not isinstance(optimizer, dict):
            problems.append("training_config names no optimizer: Keras 2.2's load_model cannot compile the model")
        elif optimizer["class_name"] not in OPTIMIZERS:
            problems.append("Keras 2.2 has no optimizer {}".format(optimizer["class_name"]))
        else:
            unknown = set(optimizer["config"]) - OPTIMIZERS[optimizer["class_name"]] - OPTIMIZER_KWARGS
            if unknown:
                problems.append("{} takes no keyword arguments {} in Keras 2.2".format(optimizer["class_name"], sorted(unknown)))
    result = {"layout": layout(f), "class_name": class_name, "layers": [[l["class_name"], l["config"]["name"]] for l in layers],
              "training": training, "initial": initial}
    f.close()
    return result


if __name__ == "__main__":
    replay_file, group_name, model_file = sys.argv[1:4]
    replay = read_replay(replay_file, group_name)
    model = read_model(model_file)
    # ReplayData saves the model as it is before training: its weights are the recording's epoch 0.
    if model["initial"] != replay["epoch0"]:
        problems.append("the model file's weights are not the recording's epoch 0")
    # Replay feeds its K.functions the model's weights in layer order with the recording's: they must
    # pair one to one (checked above); a weightless layer more only shifts Replay.weights_layers' names.
    if len(model["layers"]) != replay["n_layers"]:
        notes.append("the model has {} layers, the recording n_layers = {}".format(len(model["layers"]), replay["n_layers"]))
    for result in (replay, model):
        result.pop("epoch0", None)
        result.pop("initial", None)
    print(json.dumps({"replay": replay, "model": model, "problems": problems, "notes": notes}))
