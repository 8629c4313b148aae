/** Tests are transpiled only (fast); `npm run typecheck` type-checks them. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The in-repo apps import the package by name, as consumers do (scripts/self.js does it for node).
  moduleNameMapper: {
    '^shipshape$': '<rootDir>/constructs/index.ts',
    '^shipshape/synth$': '<rootDir>/src/synth/index.ts',
    '^shipshape/validate$': '<rootDir>/src/validate/index.ts',
    '^shipshape/pulumi$': '<rootDir>/src/pulumi/index.ts',
    '^shipshape/register$': '<rootDir>/scripts/register.js',
  },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
