export { openRecording, listGroups, HdfRecording, type OpenRecordingOptions } from "./hdf5/reader.js";
export { parseKerasModel, parseModelConfig, parseTrainingConfig } from "./keras/parse-model.js";
