export { parabola, type ParabolaOptions } from "./parabola.js";
export { ball, type BallOptions, type BallDataset } from "./ball.js";
export { hypercube, type HypercubeOptions } from "./hypercube.js";
export { circles, type CirclesOptions } from "./circles.js";
export { moons, type MoonsOptions } from "./moons.js";
export type { ArcsOptions } from "./arcs.js";
export { type Dataset, type SeedOptions, DEFAULT_SEED } from "./dataset.js";
export { createRandom, type Random } from "./random.js";
