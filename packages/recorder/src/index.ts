export { openRecording, listGroups, HdfRecording, type OpenRecordingOptions } from "./hdf5/reader.js";
export { Hdf5Storage, Hdf5BytesStorage, type Hdf5StorageOptions } from "./hdf5/writer.js";
export type { Hdf5Source, Hdf5Bytes } from "./hdf5/open.js";
export { MemoryStorage, MemoryRecording } from "./storage/memory.js";
export type { RecordingStorage, RecordingSink, RecordingPlan, EpochData, IfGroupExists } from "./storage/storage.js";
export {
  Recorder,
  recordInitialState,
  type BeginOptions,
  type EpochRecord,
  type RecorderOptions,
  type TrainingParams,
} from "./recorder.js";
export type { WeightArray } from "./validate.js";
export {
  kerasLayers,
  lossFromLogits,
  parseKerasModel,
  parseModelConfig,
  parseTrainingConfig,
  SUPPORTED_LAYERS,
  kerasModelConfig,
  kerasTrainingConfig,
  weightNames,
  activationFunctionName,
  type KerasJson,
  type KerasLayerInfo,
} from "./keras/index.js";
export { writeKerasModelFile } from "./hdf5/keras-model-file.js";
export { groupExists, nextFreeName } from "./storage/group-names.js";
