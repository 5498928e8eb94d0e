export * from "./errors.js";
export * from "./arrays.js";
export * from "./recording.js";
export * from "./frame.js";
export * from "./registry.js";
export * from "./layout.js";
export * from "./compose.js";
export * from "./options.js";
