/** Runs the CLI from source (for tests that start the server as a separate process). */
import { main } from '../../src/cli.js';

await main(process.argv);
