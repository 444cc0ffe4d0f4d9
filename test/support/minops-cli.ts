// bin/minops.js for tests, on the TypeScript sources (`node --import tsx test/support/minops-cli.ts
// ARGS`), so end-to-end tests need no build and see exactly what a user of the bin would.
import { main } from '../../src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
