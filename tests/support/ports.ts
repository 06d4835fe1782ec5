import { execFileSync } from "node:child_process";

/** A TCP port on 127.0.0.1 that nothing listens on (asked of the OS in a child process). */
export function freePortSync(): number {
  const out = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ]);
  return Number(out.toString().trim());
}
