// Package build step after tsc: bundles the rendering thread into dist/worker.bundle.js.
import { writeWorkerBundle } from "../dist/bundle-worker.js";

const file = await writeWorkerBundle(new URL("../dist/", import.meta.url));
console.log(`bundled ${file.pathname}`);
