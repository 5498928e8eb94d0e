export type { Architecture, Dataset, History, NamedBytes, TensorMap, WeightSource } from "./types.js";
