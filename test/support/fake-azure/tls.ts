/**
 * A self-signed certificate for 127.0.0.1, made once per test process with
 * openssl: the Azure SDK refuses to send a bearer token over plain http, so
 * the fake speaks https and each client trusts this certificate through
 * `tlsOptions: { ca }`. The fake ARM and the fake Entra ID start their servers
 * with it through listenHttps.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let cached: { key: string; cert: string } | undefined;

export function localhostCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "fake-azure-tls-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
      { stdio: "ignore" },
    );
    cached = { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An https server on 127.0.0.1 (a free port) with this certificate; its base URL. */
export async function listenHttps(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const { key, cert } = localhostCertificate();
  const server = createServer({ key, cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Closes a server started by listenHttps, dropping kept-alive connections. */
export async function closeHttps(server: Server | undefined): Promise<void> {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
