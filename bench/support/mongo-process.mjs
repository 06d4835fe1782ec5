// CongoDB (embedded MongoDB) in a process of its own: prints "URI <uri>", stops on SIGTERM/SIGINT.
import { startEmbeddedMongo } from "../../scripts/lib.mjs";

const mongo = await startEmbeddedMongo(undefined, process.argv[2] || "promptforge_bench");
process.stdout.write(`URI ${mongo.uri}\n`);
const stop = async () => {
  await mongo.stop().catch(() => undefined);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// Exit with the parent if it dies without stopping us.
setInterval(() => {
  if (process.ppid === 1) stop();
}, 1_000);
