import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from "mongodb";
import { getMongoClient } from "../../functions/src/platform/mongo";

/** Handshake, heartbeat and session bookkeeping: not round trips an operation asks for. */
const HOUSEKEEPING = new Set(["hello", "isMaster", "ismaster", "ping", "endSessions", "saslStart", "saslContinue", "buildInfo", "getMore"]);

export interface CommandLog {
  /** `<command> <collection>`, in the order they were sent. */
  commands: string[];
  count: number;
  /**
   * Round trips one after another: a command sent while another is still in flight shares its wait.
   * What a caller waits for, where `count` is what the database does.
   */
  inSequence: number;
}

/**
 * The MongoDB commands the functions' client sends while `run` runs (command monitoring on the
 * platform's own client). Counts do not depend on the machine: a round trip is a round trip.
 * `getMore` is left out on purpose: a cursor's later batches depend on the data size, which the
 * tests vary separately, unless `getMore` is asked for (a batch step must not need one).
 */
export async function countCommands<T>(run: () => Promise<T>, options: { getMore?: boolean } = {}): Promise<{ result: T } & CommandLog> {
  const client = await getMongoClient();
  const commands: string[] = [];
  const inFlight = new Set<number>();
  let inSequence = 0;
  const listener = (e: CommandStartedEvent) => {
    if (HOUSEKEEPING.has(e.commandName) && !(options.getMore && e.commandName === "getMore")) return;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    commands.push(`${e.commandName}${typeof target === "string" ? ` ${target}` : ""}`);
    if (inFlight.size === 0) inSequence++;
    inFlight.add(e.requestId);
  };
  const finished = (e: CommandSucceededEvent | CommandFailedEvent) => inFlight.delete(e.requestId);
  client.on("commandStarted", listener);
  client.on("commandSucceeded", finished);
  client.on("commandFailed", finished);
  try {
    const result = await run();
    // Let fire-and-forget writes started by the operation (usage events) be counted with it.
    await new Promise((r) => setTimeout(r, 50));
    return { result, commands: [...commands], count: commands.length, inSequence };
  } finally {
    client.off("commandStarted", listener);
    client.off("commandSucceeded", finished);
    client.off("commandFailed", finished);
  }
}
