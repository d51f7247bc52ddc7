/** How long one small write + fdatasync takes on the data directory's disk: the floor under every durable ack. */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Latencies, type LatencySummary } from './stats.js';

export function fsyncProbe(dir: string, iterations = 200): LatencySummary {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const lat = new Latencies();
  const deadline = performance.now() + 3000;
  try {
    for (let i = 0; i < iterations && performance.now() < deadline; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, (i % 64) * block.length);
      fdatasyncSync(fd);
      lat.add(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return lat.summary();
}
