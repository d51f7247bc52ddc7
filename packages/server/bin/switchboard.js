#!/usr/bin/env node
// Runs the built CLI (npm run build produces dist/).
import { main } from '../dist/cli.js';

main(process.argv).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
