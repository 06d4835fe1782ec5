/**
 * `npm run test:unit`: the unit tests alone, for the edit–test loop. No database, no emulators, no
 * build: seconds, not minutes. (`npm test` runs them too, with everything else.)
 */
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/tests/unit"],
  globalSetup: undefined,
  globalTeardown: undefined,
  coverageThreshold: undefined,
};
