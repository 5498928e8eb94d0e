// A rendering thread of the animation pool.
import { workerData } from "node:worker_threads";
import { frameRunner } from "./encode-frame.js";

export default frameRunner((workerData as { plugins: string[] }).plugins);
