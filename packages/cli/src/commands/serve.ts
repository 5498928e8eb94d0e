import { Command, InvalidArgumentError } from "commander";
import type { CommandContext } from "../program.js";

export interface ServeFlags {
  port: number;
  host: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535)
    throw new InvalidArgumentError("Expected a port, 0..65535 (0: any free one).");
  return n;
}

/**
 * `deepreplay serve FILE...`: the web replay app with these recordings, followed live while
 * training writes them; prints the URL, runs until Ctrl-C.
 */
export function serveCommand(context: CommandContext): Command {
  return new Command("serve")
    .description("open recordings in the web replay app, following them live while training writes them (until Ctrl-C)")
    .argument("<files...>", "recordings (HDF5), and the Keras model file (<group>_model.h5) of a Python one")
    .option("-p, --port <n>", "port to listen on (0: any free one)", port, 8080)
    .option(
      "--host <address>",
      "address to listen on (another than loopback opens the files to the network)",
      "127.0.0.1",
    )
    .action(async (files: string[], flags: ServeFlags) => {
      const { startServer } = await import("@deepreplay/web");
      const server = await startServer({ files, port: flags.port, host: flags.host });
      context.print(server.url);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
      context.io.stderr.write("deepreplay serve: stopped\n");
    });
}
