/** The child process of trainParabolaInChild: trains, sends the weights to its parent, exits. */
import { initBackend } from "@deepreplay/core";
import { trainParabola } from "./parabola-recording.js";

await initBackend();
process.send!(trainParabola(Number(process.argv[2])), () => process.exit(0));
