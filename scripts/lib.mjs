// Helpers shared by the project's scripts (start, test, seed, token, generate).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const functionsDir = path.join(root, "functions");
export const PROJECT_ID = "demo-promptforge";
export const AUTH_HOST = "127.0.0.1:9099";
export const API_BASE = "http://127.0.0.1:5000/api/v1";

/** Resolves packages that live in functions/node_modules (firebase-admin, mongodb). */
export const requireFromFunctions = createRequire(path.join(functionsDir, "package.json"));

export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: root, ...opts });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function build() {
  const code = await run(process.execPath, [
    path.join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    path.join(functionsDir, "tsconfig.json"),
  ]);
  if (code !== 0) throw new Error("TypeScript build failed");
  // The same second step as `npm run build` in functions/ (package.json): zod as one file.
  if ((await run(process.execPath, [path.join(functionsDir, "scripts/vendor-zod.mjs")])) !== 0) throw new Error("vendor-zod failed");
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts CongoDB, the embedded MongoDB wire-protocol server used when MONGODB_URI is unset.
 * The URI asks for polling heartbeats: the driver's streaming heartbeat breaks on it.
 */
export async function startEmbeddedMongo(port, dbName = "promptforge") {
  const { CongoServer } = await import("@push.rocks/smartmongo/dist_ts/congodb/index.js");
  const server = new CongoServer({ port: port ?? (await freePort()), host: "127.0.0.1" });
  await server.start();
  const uri = `mongodb://127.0.0.1:${server.port ?? port}/${dbName}?directConnection=true&serverMonitoringMode=poll`;
  return { uri, stop: () => server.stop() };
}
