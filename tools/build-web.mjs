// The web app's Vite build (packages/web/dist/app), run by tools/build.mjs on a thread beside the compiler.
import { build } from "vite";

await build({ root: new URL("../packages/web/", import.meta.url).pathname, logLevel: "warn" });
