/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: { '^@dfp/([^/]+)$': '<rootDir>/packages/$1/src/index.ts' },
  workerIdleMemoryLimit: '1GB',
  testTimeout: 60000,
};
