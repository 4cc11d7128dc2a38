import fs from 'node:fs';
import type { LocalStack } from '../../src/platform/local';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __medtrackStack?: { stack: LocalStack; dataDir: string } }).__medtrackStack;
  if (!started) return;
  await started.stack.stop();
  fs.rmSync(started.dataDir, { recursive: true, force: true });
}
