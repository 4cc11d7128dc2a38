/**
 * Where this process reaches the local emulators: the one place their URLs are built. Loads no
 * emulator, so the SDK clients of aws mode can import it.
 */
import type { Config } from '../../config';

export type Emulator = 'dynamodb' | 's3' | 'ses';

const PORT_OF: Record<Emulator, (local: Config['local']) => number> = {
  dynamodb: (local) => local.dynamodbPort,
  s3: (local) => local.s3Port,
  ses: (local) => local.sesPort,
};

/**
 * The emulator's URL in local mode, or the DynamoDB that MEDTRACK_DYNAMODB_ENDPOINT names (in
 * either mode); undefined otherwise, where the SDK finds AWS's own endpoints.
 */
export function localEndpoint(config: Config, emulator: Emulator): string | undefined {
  if (emulator === 'dynamodb' && config.local.dynamodbEndpoint) return config.local.dynamodbEndpoint;
  return config.mode === 'local' ? `http://127.0.0.1:${PORT_OF[emulator](config.local)}` : undefined;
}
