export { readDataset, type DatasetOptions } from "./dataset.js";
export { readHistory } from "./history.js";
export { readNpy } from "./npy.js";
