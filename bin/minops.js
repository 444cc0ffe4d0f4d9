#!/usr/bin/env node
import { main } from '../dist/minops.mjs';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
