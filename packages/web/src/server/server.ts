import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DeepReplayError } from "@deepreplay/frames";
import { loadAppFiles, type AppFile } from "./app-files.js";
import { SERVED_MARK } from "../shared/served-mark.js";
import { servedFiles, watchFiles, type ServedFile } from "./recordings.js";

export interface ServeOptions {
  /** The recordings (and Keras model files) to serve, read-only. */
  readonly files: readonly string[];
  /** 0 takes any free port. */
  readonly port?: number;
  readonly host?: string;
  /** The built app; default this package's dist/app. */
  readonly appDirectory?: string;
}

export interface RunningServer {
  /** http://HOST:PORT/ */
  readonly url: string;
  readonly port: number;
  /** Stops listening, ends every open connection (event streams included) and the file watching. */
  close(): Promise<void>;
}

const defaults = { port: 8080, host: "127.0.0.1" };

/** Larger request heads are refused (431) before they reach a route. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEARTBEAT_MS = 15_000;

/** What every response carries: nothing sniffed, framed, referred or loaded from elsewhere. */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * `deepreplay serve`: the web app and the named recordings over loopback HTTP, read-only.
 * Every URL is looked up in a table made at start (the app's files, `/api/recordings`, one
 * `/api/recordings/ID` per named file, `/api/events`): nothing is ever resolved against the disk,
 * so no encoding of ".." can reach another file. `/api/events` streams a `change` event (server-sent
 * events) for every served file as it connects, then whenever one was rewritten, for the page to fetch it again.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { port, host } = { ...defaults, ...options };
  const files = await servedFiles(options.files);
  const app = await loadAppFiles(options.appDirectory);
  const streams = new Set<ServerResponse>();

  const broadcast = (file: ServedFile) => {
    for (const stream of streams) stream.write(changeEvent(file));
  };
  const stopWatching = watchFiles(files, broadcast);
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(": still here\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const routes = routeTable(app, files, streams);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 30_000 }, (request, response) => {
    handle(routes, request, response, allowedHosts(host, (server.address() as AddressInfo).port)).catch((error) => {
      if (!response.headersSent)
        send(response, 500, "text/plain; charset=utf-8", `${error instanceof Error ? error.message : error}\n`);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new DeepReplayError(
          "SERVE_LISTEN_FAILED",
          `Cannot listen on ${host}:${port}: ${error.code ?? error.message}.`,
          {
            hint:
              error.code === "EADDRINUSE"
                ? "Pick another --port, or --port 0 for any free one."
                : "Check --host and --port.",
            cause: error,
          },
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        clearInterval(heartbeat);
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

function routeTable(
  app: Map<string, AppFile>,
  files: readonly ServedFile[],
  streams: Set<ServerResponse>,
): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const [path, file] of app) {
    const body = path === "/" ? markServed(file.body) : file.body;
    routes.set(path, (_request, response) =>
      send(response, 200, file.type, body, path === "/" ? "no-cache" : "max-age=3600"),
    );
  }
  routes.set("/api/recordings", async (_request, response) => {
    const entries = await Promise.all(files.map((file) => file.entry()));
    send(response, 200, "application/json; charset=utf-8", JSON.stringify({ live: true, files: entries }), "no-store");
  });
  for (const file of files) {
    routes.set(`/api/recordings/${file.id}`, async (_request, response) => {
      const { body } = await file.bytes();
      response.setHeader("x-deepreplay-version", String(file.version));
      send(response, 200, "application/octet-stream", body, "no-store");
    });
  }
  routes.set("/api/events", (request, response) => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    response.write(`retry: 1000\n\n`);
    // Every file's version as last read: a page subscribes after opening the files (or again after a
    // dropped stream), and a change announced in between would otherwise never reach it.
    for (const file of files) response.write(changeEvent(file));
    streams.add(response);
    request.on("close", () => streams.delete(response));
  });
  return routes;
}

function changeEvent(file: ServedFile): string {
  return `event: change\ndata: ${JSON.stringify(file.current)}\n\n`;
}

/** The page learns it is served (and asks for /api) from a <meta> the server adds; a static copy has none. */
function markServed(page: Buffer): Buffer {
  return Buffer.from(page.toString("utf8").replace("<head>", `<head><meta name="${SERVED_MARK}" content="1">`));
}

async function handle(
  routes: Map<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
  hosts: Set<string> | undefined,
): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    return send(response, 405, "text/plain; charset=utf-8", "Read-only: GET and HEAD only.\n");
  }
  // Another name for this machine's address is how a page elsewhere would reach a loopback server (DNS rebinding).
  if (hosts && !hosts.has((request.headers.host ?? "").toLowerCase()))
    return send(response, 421, "text/plain; charset=utf-8", "Unknown host.\n");
  const target = request.url ?? "";
  // The path exactly as sent, never decoded: "/%2e%2e/x" and "/../x" are simply not in the table.
  const path = target.startsWith("/") ? target.split("?")[0] : undefined;
  const route = path === undefined ? undefined : routes.get(path);
  if (!route) return send(response, path === undefined ? 400 : 404, "text/plain; charset=utf-8", "Not found.\n");
  await route(request, response);
}

/** Loopback servers answer only to loopback names; one bound to another address answers to any. */
function allowedHosts(host: string, port: number): Set<string> | undefined {
  const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"];
  if (!loopback.includes(host) && !host.startsWith("127.")) return undefined;
  return new Set(
    ["127.0.0.1", "localhost", "[::1]", host.includes(":") ? `[${host}]` : host].map((name) => `${name}:${port}`),
  );
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, cache = "no-store"): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": cache,
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}
