import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/platform/logger';
import { awsConfig } from '../../helpers/aws-config';

/** What a logger built from `config` writes for one entry. */
function written(config: Parameters<typeof createLogger>[0]): string {
  let text = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  createLogger({ ...config, logLevel: 'info' }, sink as never).info({ appointmentId: 'a1b2' }, 'visit completed');
  return text;
}

describe('the log format', () => {
  it('is readable lines in local mode, JSON in aws mode, and can be set either way', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).logFormat).toBe('pretty');
    expect(awsConfig().logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT');
  });

  it('writes a readable line for a person locally', () => {
    const line = written(loadConfig({ NODE_ENV: 'development' }));
    expect(() => JSON.parse(line)).toThrow();
    // e.g. "[04:12:09] INFO: visit completed {"appointmentId":"a1b2"}" (colours only on a terminal).
    expect(stripVTControlCharacters(line)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: visit completed .*"appointmentId":"a1b2"/);
  });

  it('writes one JSON object a line in production', () => {
    const entry = JSON.parse(written(awsConfig()));
    expect(entry).toMatchObject({ level: 30, msg: 'visit completed', appointmentId: 'a1b2' });
  });
});
