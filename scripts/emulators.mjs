// Starts the Firebase emulators (Auth, Functions, Hosting) as a child process and waits until ready.
import { spawn } from "node:child_process";
import path from "node:path";
import { PROJECT_ID, root } from "./lib.mjs";

export const FIREBASE_BIN = path.join(root, "node_modules/.bin/firebase");

export function startEmulators({ only = "auth,functions,hosting", env = process.env, echo = true } = {}) {
  const child = spawn(FIREBASE_BIN, ["emulators:start", "--only", only, "--project", PROJECT_ID], {
    cwd: root,
    env: { ...env, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (echo) process.stdout.write(text);
      if (output.includes("All emulators ready")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`firebase emulators exited with ${code} before they were ready:\n${output.slice(-3000)}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once("exit", () => resolve());
      // SIGINT lets the CLI stop every emulator it started (SIGTERM can leave hosting running).
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });
  return { child, ready, stop, output: () => output };
}
