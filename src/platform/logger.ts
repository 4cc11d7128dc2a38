/** pino: a constant message plus ids. Never names, contact details, form bodies or tokens. */
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config';

export type { Logger };

/**
 * JSON lines in production (aws mode: what log shippers read); readable lines locally, where a
 * person watches the console after the start-up banner. `destination` is for tests.
 */
export function createLogger(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    // pino's default base (pid, hostname): several processes and instances write the same logs.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
  };
  if (config.logFormat !== 'pretty') return destination ? pino(options, destination) : pino(options);
  // In the same thread (no transport worker): a line is written before the process moves on, as with JSON.
  return pino(options, pretty({ destination: destination ?? 1, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true }));
}
