import { copyFile, readFile, appendFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { startServer, type RunningServer } from "../src/index.js";
import { loadTest } from "../../../tools/testing/http-load.js";
import { appAndSecret } from "./support/app-dir.js";
import { rawGet, rawRequest } from "./support/raw-http.js";

const haveFixtures = requirePythonFixtures();

/** The change events of an open event stream, parsed, as they come. */
async function* changeEvents(response: Response): AsyncGenerator<unknown> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += chunk.value;
    for (let end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n")) {
      const [kind, data] = text.slice(0, end).split("\n");
      text = text.slice(end + 2);
      if (kind === "event: change") yield JSON.parse(data.slice("data: ".length));
    }
  }
}

/** The next event, or what was not heard after 5 s (the server looks at a change 60 ms after it). */
async function nextWithin(events: AsyncGenerator<unknown>): Promise<unknown> {
  const timeout = new Promise((done) => setTimeout(() => done("no event within 5 s"), 5000));
  return Promise.race([events.next().then((next) => next.value), timeout]);
}

describe.runIf(haveFixtures)("deepreplay serve's server", () => {
  let server: RunningServer;
  let dirs: Awaited<ReturnType<typeof appAndSecret>>;
  let recording: string;
  let model: string;

  beforeAll(async () => {
    dirs = await appAndSecret();
    recording = join(dirs.root, "hyperparms_in_action.h5");
    model = join(dirs.root, "part1_activation_functions_model.h5");
    await copyFile(fixturePath("hyperparms_in_action.h5"), recording);
    await copyFile(fixturePath("part1_activation_functions_model.h5"), model);
    server = await startServer({ files: [recording, model], port: 0, appDirectory: dirs.app });
  });
  afterAll(() => server?.close());

  it("serves the app, the list of recordings and each recording's bytes", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await fetch(server.url);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toBe("<!doctype html><title>app</title>");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await (await fetch(new URL("assets/main.js", server.url))).text()).toBe("console.log('app');");

    const listing = await (await fetch(new URL("api/recordings", server.url))).json();
    const size = (await readFile(recording)).length;
    expect(listing.files).toEqual([
      { id: "0", name: "hyperparms_in_action.h5", size, version: 1 },
      { id: "1", name: "part1_activation_functions_model.h5", size: (await readFile(model)).length, version: 1 },
    ]);
    const bytes = Buffer.from(await (await fetch(new URL("api/recordings/0", server.url))).arrayBuffer());
    expect(bytes.equals(await readFile(fixturePath("hyperparms_in_action.h5")))).toBe(true);
  });

  it("refuses every other path, in any encoding, and never hands out a file it was not given", async () => {
    const hostile = [
      "/../secret.txt",
      "/../package.json",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E%2Fsecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/%252e%252e%252fsecret.txt",
      "/..%5c..%5csecret.txt",
      "/..\\..\\secret.txt",
      "//secret.txt",
      "/api/recordings/2",
      "/api/recordings/../../secret.txt",
      "/api/recordings/0/../../secret.txt",
      "/api/recordings/%30",
      "/index.html%00.h5",
      `/${dirs.secret}`,
      "/etc/passwd",
      "/unknown",
    ];
    for (const target of hostile) {
      const response = await rawGet(server.port, target);
      expect(response.status, target).toBe(404);
      expect(response.body).not.toContain(dirs.secretText);
    }
    const absolute = await rawGet(server.port, `http://127.0.0.1:${server.port}/../secret.txt`);
    expect(absolute.status).toBe(400);
    const post = await rawRequest(
      server.port,
      `POST /api/recordings/0 HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
    );
    expect(post.status).toBe(405);
    // A page on another site reaching the loopback server under a name of its own (DNS rebinding).
    expect((await rawGet(server.port, "/api/recordings/0", { host: "evil.example:80" })).status).toBe(421);
    expect((await rawGet(server.port, "/", { "x-padding": "a".repeat(20_000) })).status).toBe(431);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it("tells an event stream every file's version as it opens, then each change, and serves the new bytes", async () => {
    const controller = new AbortController();
    const response = await fetch(new URL("api/events", server.url), { signal: controller.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = changeEvents(response);
    const entry = async (id: string, path: string, version: number) => ({
      id,
      name: basename(path),
      size: (await readFile(path)).length,
      version,
    });
    expect([await nextWithin(events), await nextWithin(events)]).toEqual([
      await entry("0", recording, 1),
      await entry("1", model, 1),
    ]);
    await appendFile(recording, Buffer.from("appended"));
    expect(await nextWithin(events)).toEqual(await entry("0", recording, 2));
    const bytes = Buffer.from(await (await fetch(new URL("api/recordings/0", server.url))).arrayBuffer());
    expect(bytes.subarray(-8).toString()).toBe("appended");

    // Another page's request can read a change before the server has looked at it: it is announced all the same.
    await appendFile(recording, Buffer.from("and more"));
    await fetch(new URL("api/recordings/0", server.url));
    expect(await nextWithin(events)).toEqual(await entry("0", recording, 3));
    controller.abort();
  });

  it("answers 20 concurrent clients for a second without a failed request", async () => {
    const result = await loadTest({
      url: server.url,
      paths: ["/", "/api/recordings", "/api/recordings/0"],
      clients: 20,
      durationMs: 1000,
    });
    expect(result.failed).toBe(0);
    // Each client got answers (how many is the benchmark's business: tools/bench/web-server.ts).
    expect(result.requests).toBeGreaterThanOrEqual(20);
  });

  it("stops on close: no more connections, open event streams ended", async () => {
    const extra = await startServer({ files: [recording], port: 0, appDirectory: dirs.app });
    const events = await fetch(new URL("api/events", extra.url));
    const ended = events.text();
    await extra.close();
    await expect(ended).resolves.toContain("retry: 1000");
    await expect(fetch(extra.url)).rejects.toThrow();
  });
});

describe("deepreplay serve's server, refusing bad calls", () => {
  it("names what is missing", async () => {
    const dirs = await appAndSecret();
    await expect(startServer({ files: [], appDirectory: dirs.app })).rejects.toMatchObject({ code: "SERVE_NO_FILES" });
    await expect(startServer({ files: [join(dirs.root, "missing.h5")], appDirectory: dirs.app })).rejects.toMatchObject(
      { code: "FILE_NOT_FOUND" },
    );
    await expect(startServer({ files: [dirs.secret], appDirectory: join(dirs.root, "nothing") })).rejects.toMatchObject(
      { code: "WEB_APP_NOT_BUILT" },
    );
    const first = await startServer({ files: [dirs.secret], port: 0, appDirectory: dirs.app });
    try {
      await expect(
        startServer({ files: [dirs.secret], port: first.port, appDirectory: dirs.app }),
      ).rejects.toMatchObject({ code: "SERVE_LISTEN_FAILED" });
    } finally {
      await first.close();
    }
  });
});
