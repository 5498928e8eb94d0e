/**
 * Every code a DeepReplayError carries, one UPPER_SNAKE_CASE name per failure, with when it is thrown.
 * A package that refuses something new adds its code here, so programs can rely on the list.
 */
export const ERROR_CODES = {
  // Options and command lines
  INVALID_OPTION: "an option's value is out of its range or of the wrong type",
  USAGE: "a command line cannot be carried out as written (bad flag, range or kind)",

  // Recordings: files, groups, storage
  FILE_NOT_FOUND: "no file at the path given",
  NOT_HDF5: "the file is not an HDF5 file",
  CORRUPT_HDF5: "the HDF5 file is damaged or could not be read",
  HDF5_UNAVAILABLE: "the HDF5 reading thread could not start",
  FILE_LOCKED: "another recorder is writing the file",
  PATH_NOT_WRITABLE: "a file or folder cannot be written at the path given",
  WRITE_FAILED: "writing failed part way (disk full, file removed)",
  NO_RECORDINGS: "the file holds no recording",
  GROUP_REQUIRED: "the file holds several recordings and none was named",
  GROUP_NOT_FOUND: "the named recording does not exist",
  GROUP_EXISTS: "a recording of that name exists already",
  INVALID_GROUP: "the name cannot name a recording",
  INVALID_RECORDING: "the file does not follow deepreplay's layout",
  INVALID_SOURCE: "an HDF5 file is given neither by its path nor by its bytes",
  PATHS_NEED_NODE: "a file was given by path outside Node (a browser takes bytes)",
  STORAGE_BUSY: "a recording is still being written into the storage",
  NOTHING_RECORDED: "nothing has been recorded into the storage yet",
  INVALID_ATTRIBUTE: "an attribute of the recording is not the number it must be",
  RECORDING_CLOSED: "the recording was closed",
  SERIES_NOT_FOUND: "the recording has no per-epoch series of that name",
  EPOCH_OUT_OF_RANGE: "the epoch is not in the recording",
  EPOCH_ORDER: "epochs were given out of order",
  EPOCH_MISMATCH: "frames of one figure belong to different epochs",

  // Recorder
  RECORDER_STARTED: "the recorder has already begun",
  RECORDER_NOT_STARTED: "the recorder has not begun or has ended",
  TOO_MANY_EPOCHS: "more epochs were recorded than planned",
  INVALID_EPOCH_RECORD: "an epoch's record (weights, series) is incomplete",
  INVALID_TRAINING_PARAMS: "epochs, batch size or samples are not valid",
  INVALID_METRIC_NAME: "a metric name clashes with the recording layout",
  INVALID_ARRAY: "an array is not an NdArray or its shape does not match its data",
  NON_FINITE_INPUTS: "the inputs hold NaN or infinite values",
  NON_FINITE_TARGETS: "the targets hold NaN or infinite values",
  INPUT_SHAPE_MISMATCH: "the inputs do not fit the model's input shape",
  LENGTH_MISMATCH: "inputs and targets have different numbers of rows",
  WEIGHTS_MISMATCH: "the weights do not match the model's layers",

  // Models
  MODEL_NOT_FOUND: "the recording has no model description and no model file was found",
  MODEL_NOT_COMPILED: "the model has no loss: it was not compiled",
  MODEL_MISMATCH: "the model file does not belong to the recording",
  INVALID_MODEL: "the model description is incomplete or inconsistent",
  INVALID_MODEL_CONFIG: "the Keras model_config cannot be read",
  UNSUPPORTED_TOPOLOGY: "the model is not a plain stack of layers",
  UNSUPPORTED_LAYER: "the replay cannot run a layer of this kind",
  UNSUPPORTED_ACTIVATION: "the replay does not know this activation",
  UNSUPPORTED_LOSS: "the replay does not know this loss",
  UNSUPPORTED_METRIC: "the replay does not know this metric",
  UNKNOWN_LAYER: "the model has no layer of that name",

  // Replay
  DATA_MISMATCH: "the inputs or targets do not fit the model",
  INVALID_TARGETS: "a target is not a class the model separates",
  NOT_A_CLASSIFIER: "the view draws classes, and the run's loss is a regression loss",
  NO_2_UNIT_LAYER: "the model has no hidden layer of 2 units to draw",
  FEATURE_SPACE_NEEDS_2_UNITS: "the layer drawn as a feature space has not 2 units",
  DECISION_BOUNDARY_NEEDS_2D_INPUTS: "a decision boundary needs 2-D inputs",
  DEGENERATE_DATASET: "the data set cannot be drawn (e.g. all inputs equal)",
  EMPTY_REPLAY: "the epoch range holds no epochs",
  PROJECTION_NEEDS_2_UNITS: "a projection onto two components needs a layer of at least 2 units",
  LANDSCAPE_NEEDS_3_EPOCHS: "a loss landscape needs a range of at least 3 epochs",
  LANDSCAPE_WEIGHTS_STILL: "the weights do not change over the range of a loss landscape",

  // Importing checkpoints (Keras, PyTorch)
  NO_CHECKPOINTS: "no checkpoint files were given",
  UNKNOWN_CHECKPOINT_FORMAT: "the files are checkpoints of no format the importer reads",
  NO_LOSS: "the checkpoints name no loss and none was given",
  NOT_LOGITS: "the model is said to end in logits but its last layer applies an activation",
  CHECKPOINT_WITHOUT_EPOCH: "a checkpoint's name holds no epoch number",
  DUPLICATE_EPOCH: "two checkpoints are of the same epoch",
  EPOCH_GAP: "the checkpoints skip an epoch",
  NO_EPOCH_ZERO: "there is no checkpoint of epoch 0 (the initial weights)",
  NOT_A_KERAS_FILE: "the file is no Keras checkpoint or architecture",
  NOT_A_KERAS_CHECKPOINT: "the HDF5 file holds no Keras weights",
  NO_ARCHITECTURE: "the checkpoints hold weights only and no architecture was named",
  MIXED_ARCHITECTURES: "the checkpoints hold different models",
  CHECKPOINT_MISMATCH: "a checkpoint's weights do not fit the architecture",
  CORRUPT_CHECKPOINT: "a checkpoint is truncated or damaged",
  CORRUPT_ZIP: "a zip archive is truncated or damaged",
  UNSAFE_ZIP_ENTRY: "a zip entry climbs out of its folder",
  CHECKPOINT_MISSING_TENSOR: "a checkpoint lacks a tensor the architecture needs",
  CHECKPOINT_SHAPE: "a checkpoint's tensor has another shape than the architecture's",
  PICKLE_CORRUPT: "a pickle (PyTorch checkpoint) ends early or is damaged",
  PICKLE_REFUSED: "a pickle asks for something that is never run (a class or call outside the allowed tensors)",
  TORCH_CORRUPT: "a PyTorch checkpoint's tensor data is damaged",
  TORCH_FORMAT: "the file is not a PyTorch checkpoint of a known format",
  TORCH_NOT_STATE_DICT: "a PyTorch checkpoint holds something other than a state_dict",
  SAFETENSORS_INVALID: "the file is not a readable .safetensors file",
  SAFETENSORS_DTYPE: "a .safetensors tensor is of an unsupported dtype",
  ONNX_INVALID: "the file is not a readable ONNX model",
  ONNX_GRAPH: "the ONNX graph is not one chain of layers",
  ONNX_SHAPE: "the ONNX model's input has no fixed feature shape",
  ONNX_UNSUPPORTED_OP: "the ONNX graph holds an operator the replay cannot compute",

  // Importing data sets and training histories
  DATA_FORMAT: "the data file is of no known format",
  DATA_EMPTY: "the data file holds no samples",
  DATA_SHAPE: "the inputs are not samples × features",
  DATA_MISSING_ARRAY: "the data archive lacks the named array",
  DATA_CSV_ROW: "a CSV data row has another number of cells",
  DATA_CSV_CELL: "a CSV data cell is not a number",
  CSV_INVALID: "the file is not UTF-8 text",
  NPY_INVALID: "the file is not a readable .npy array",
  NPY_DTYPE: "the .npy array is of a structured or unsupported dtype",
  NPY_SHAPE: "the .npy array has an unusable shape",
  HISTORY_COLUMNS: "the training log lacks the columns it needs",
  HISTORY_ROW: "a training log row has another number of cells",
  HISTORY_CELL: "a training log cell is not a number",
  HISTORY_EPOCHS: "the training log's epochs do not rise one by one",
  ZIP_TOO_LARGE: "a zip entry is larger than allowed, or than its data can hold",

  // Frames, figures, renderers
  INVALID_FRAME: "a frame's parts do not fit together, or it is of no known kind",
  INVALID_FIGURE: "a figure is not a list of panels of one epoch",
  INVALID_LAYOUT: "a figure's layout does not place its panels on a grid",
  EMPTY_FIGURE: "a figure has no panels",
  INCOMPATIBLE_PANELS: "the figures of a replay do not show the same panels",
  INVALID_INPUT: "what was passed is neither frames nor figures",
  INVALID_PLUGIN: "a renderer plugin lacks a name, format, kind or render function",
  NO_RENDERER: "no renderer is registered for the kind and format",
  PLUGIN_IMPORT_FAILED: "a renderer plugin module could not be imported",
  RENDER_FAILED: "drawing failed",
  INVALID_SVG: "resvg could not read the SVG",
  FRAME_SIZE_MISMATCH: "the frames of an animation have different sizes",
  NO_FRAMES: "an animation has no frames",
  UNSUPPORTED_OUTPUT: "the output file's extension is of no supported format",
  FFMPEG_NOT_FOUND: "ffmpeg cannot be run",
  FFMPEG_FAILED: "ffmpeg failed while encoding",
  WORKER_UNAVAILABLE: "a rendering thread could not start",
  WORKER_FAILED: "a rendering thread stopped",
  PAGE_SCRIPT_MISSING: "the page's script bundle is not built",
  // Serving and viewing recordings
  WEB_APP_NOT_BUILT: "the web app's files are not built",
  SERVE_NO_FILES: "there are no recordings to serve",
  SERVE_DUPLICATE_NAME: "two served recordings have the same name",
  SERVE_LISTEN_FAILED: "the server could not listen on the address",
  OUT_NOT_A_FOLDER: "the output path is not a folder",
  UNKNOWN_RUN: "no served run has that name",
  UNKNOWN_POINT: "the point is not in the run",
  PAGE_SCRIPT_UNSAFE: "the page's script cannot be inlined safely",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The one error type every Deep Replay package throws for a bad input or a failed step.
 * `code` is stable (for programs), `message` says what went wrong and `hint` what to do (for people);
 * `describeError` joins the two for a line of output.
 */
export class DeepReplayError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DeepReplayError";
    this.code = code;
    this.hint = options.hint;
  }
}

export function isDeepReplayError(error: unknown, code?: ErrorCode): error is DeepReplayError {
  return error instanceof DeepReplayError && (code === undefined || error.code === code);
}

/** The message and the hint as one line for a person. */
export function describeError(error: DeepReplayError): string {
  return error.hint ? `${error.message} ${error.hint}` : error.message;
}
