import { copyFile, readFile, appendFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { startServer, type RunningServer } from "../src/index.js";
import { loadTest } from "../../../tools/testing/http-load.js";
import { appAndSecret } from "./support/app-dir.js";
import { rawGet, rawRequest } from "./support/raw-http.js";

const haveFixtures = requirePythonFixtures();

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

  it("tells open event streams when a served file changes, and serves its new bytes", async () => {
    const controller = new AbortController();
    const events = await fetch(new URL("api/events", server.url), { signal: controller.signal });
    expect(events.headers.get("content-type")).toBe("text/event-stream");
    const reader = events.body!.getReader();
    const received = (async () => {
      let text = "";
      while (!text.includes("event: change")) text += new TextDecoder().decode((await reader.read()).value);
      return text;
    })();
    await appendFile(recording, Buffer.from("appended"));
    const text = await received;
    controller.abort();
    const data = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf("event: change")))![1]);
    const size = (await readFile(recording)).length;
    expect(data).toEqual({ id: "0", name: "hyperparms_in_action.h5", size, version: 2 });
    const bytes = Buffer.from(await (await fetch(new URL("api/recordings/0", server.url))).arrayBuffer());
    expect(bytes.subarray(-8).toString()).toBe("appended");
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
