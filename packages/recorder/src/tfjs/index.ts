export { ReplayData, recordInitialModel, type ReplayDataOptions } from "./replay-data.js";
export { describeTfjsModel, tfjsWeights } from "./describe.js";
