export {
  readKerasArchitecture,
  readKerasCheckpoint,
  sameArchitecture,
  kerasFormat,
  type KerasArchitecture,
  type KerasCheckpoint,
  type KerasFormat,
} from "./read.js";
export { classBasedNames, toSnakeCase } from "./weights.js";
