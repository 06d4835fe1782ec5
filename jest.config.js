/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tests/tsconfig.json" }],
  },
  // Tests import the same copies of firebase-admin, mongodb, zod... that the functions use.
  modulePaths: ["<rootDir>/functions/node_modules"],
  globalSetup: "<rootDir>/tests/support/global-setup.mjs",
  globalTeardown: "<rootDir>/tests/support/global-teardown.mjs",
  setupFiles: ["<rootDir>/tests/support/test-env.ts"],
  testTimeout: 30_000,
  maxWorkers: 2,
  collectCoverageFrom: ["functions/src/**/*.ts"],
  coverageReporters: ["text-summary", "text", "lcov"],
  coverageDirectory: "<rootDir>/coverage",
};
