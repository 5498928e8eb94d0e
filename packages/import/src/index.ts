export type { Architecture, Dataset, History, NamedBytes, TensorMap, WeightSource } from "./types.js";
export {
  readKerasArchitecture,
  readKerasCheckpoint,
  sameArchitecture,
  kerasFormat,
  type KerasArchitecture,
  type KerasCheckpoint,
  type KerasFormat,
} from "./keras/index.js";
export { checkpointEpoch, checkpointSeries, type CheckpointSeries, type SeriesOptions } from "./checkpoints.js";
export { readZip, isZip, type ZipOptions } from "./zip.js";
export { isHdf5 } from "./hdf5.js";
export { readDataset, readHistory, readNpy, type DatasetOptions } from "./data/index.js";
export { layerWeights, readOnnxArchitecture, readStateDict } from "./torch/index.js";
export { describeFile, isKerasHdf5, type FileSummary, type LayerSummary } from "./describe.js";
export { recordImport, withProbabilities, type ImportOptions, type ImportedRun } from "./import.js";
