#!/usr/bin/env node
import { run } from "./run.js";

const code = await run(process.argv.slice(2));
// Exit explicitly once stdout has drained: worker pools and the WASM backend may keep the loop alive.
process.stdout.write("", () => process.exit(code));
