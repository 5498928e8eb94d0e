import { connect } from "node:net";

export interface RawResponse {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * Sends bytes exactly as written (fetch would normalise "..", encodings and the host) and reads
 * the answer until the server closes the connection.
 */
export function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const head = split < 0 ? text : text.slice(0, split);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        body: split < 0 ? "" : text.slice(split + 4),
      });
    });
    socket.write(request);
  });
}

/** A GET of `target` as sent, with `Connection: close` so the answer ends the socket. */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const lines = Object.entries({ host: `127.0.0.1:${port}`, connection: "close", ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return rawRequest(port, `GET ${target} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
}
