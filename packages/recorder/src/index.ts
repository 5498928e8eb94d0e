export { openRecording, listGroups, HdfRecording, type OpenRecordingOptions } from "./hdf5/reader.js";
export { Hdf5Storage, type Hdf5StorageOptions } from "./hdf5/writer.js";
export { MemoryStorage, MemoryRecording } from "./storage/memory.js";
export type { RecordingStorage, RecordingSink, RecordingPlan, EpochData } from "./storage/storage.js";
export { Recorder, recordInitialState, type BeginOptions, type EpochRecord, type TrainingParams } from "./recorder.js";
export type { WeightArray } from "./validate.js";
export { parseKerasModel, parseModelConfig, parseTrainingConfig } from "./keras/parse-model.js";
export { kerasModelConfig, kerasTrainingConfig } from "./keras/to-keras.js";
export { weightNames, activationFunctionName } from "./keras/weights.js";
