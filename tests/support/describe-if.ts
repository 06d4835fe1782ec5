/**
 * A block of tests that needs something a run may lack (a build, the emulators, a redis-server).
 * Without it the block is skipped with a warning when run by hand, but in CI (`CI` set) it fails:
 * a green CI run must mean every test ran.
 */
export function describeIf(available: boolean, missing: string, name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it("can run here", () => {
        throw new Error(`Cannot run in CI: ${missing}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED "${name}": ${missing}`);
  describe.skip(name, body);
}
