/** Tests are transpiled only (fast); `npm run typecheck` type-checks them. */
const { ENTRIES } = require('./scripts/entries');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The in-repo apps import the package by name, as consumers do (scripts/self.js does it for node);
  // the map is package.json `exports` (scripts/entries.js).
  moduleNameMapper: Object.fromEntries(
    Object.entries(ENTRIES).map(([name, file]) => [`^${name}$`, `<rootDir>/${file}`]),
  ),
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
