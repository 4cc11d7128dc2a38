import { loadConfig } from '../../../src/config';
import { cronOf, JOBS } from '../../../src/jobs/schedule';
import { archiveLine, recordOf } from '../../../src/archive/items';
import { dayFolder, dayOfManifestKey, partFile, partNumber } from '../../../src/archive/layout';
import { archiveWindow } from '../../../src/archive/selection';

describe('archive settings', () => {
  it('archives daily at 02:00 hospital time, visits over a day old, looking back 30 days, unless told otherwise', () => {
    const archive = JOBS.find((job) => job.name === 'archive')!;
    expect(cronOf(archive, loadConfig({}))).toBe('0 2 * * *');
    expect(loadConfig({}).archive).toEqual({ cron: '0 2 * * *', afterDays: 1, lookbackDays: 30 });
    const custom = loadConfig({ MEDTRACK_ARCHIVE_CRON: '15 1 * * *', MEDTRACK_ARCHIVE_AFTER_DAYS: '30', MEDTRACK_ARCHIVE_LOOKBACK_DAYS: '90' });
    expect(custom.archive).toEqual({ cron: '15 1 * * *', afterDays: 30, lookbackDays: 90 });
  });

  it.each([
    ['MEDTRACK_ARCHIVE_CRON', 'at night', /MEDTRACK_ARCHIVE_CRON: a cron expression such as "0 2 \* \* \*"/],
    ['MEDTRACK_ARCHIVE_AFTER_DAYS', '0', /MEDTRACK_ARCHIVE_AFTER_DAYS/],
    ['MEDTRACK_ARCHIVE_AFTER_DAYS', 'one', /MEDTRACK_ARCHIVE_AFTER_DAYS/],
    ['MEDTRACK_ARCHIVE_LOOKBACK_DAYS', '-3', /MEDTRACK_ARCHIVE_LOOKBACK_DAYS/],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('the archive window', () => {
  it('ends on the hospital date of the cut-off and looks back the configured days, oldest first', () => {
    // 20:00 UTC on 2 April is 01:30 on 3 April in Kolkata; a day earlier is 2 April there.
    const window = archiveWindow(new Date('2025-04-02T20:00:00Z'), { cron: '0 2 * * *', afterDays: 1, lookbackDays: 3 }, 'Asia/Kolkata');
    expect(window).toEqual({ cutoff: '2025-04-01T20:00:00.000Z', days: ['2025-03-31', '2025-04-01', '2025-04-02'] });
  });
});

describe('the archive layout', () => {
  it('keeps a day under yyyy/mm/dd with numbered parts and reads a manifest key back to its date', () => {
    expect(dayFolder('archive', '2025-01-31')).toBe('archive/appointments/2025/01/31');
    expect(partFile(7)).toBe('part-0007.jsonl.gz');
    expect(partNumber('part-0012.jsonl.gz')).toBe(12);
    expect(dayOfManifestKey('archive', 'archive/appointments/2025/01/31/manifest.json')).toBe('2025-01-31');
    expect(dayOfManifestKey('archive', 'archive/appointments/2025/01/31/part-0001.jsonl.gz')).toBeUndefined();
  });

  it('writes the same item as the same line whatever the order of its attributes, so its checksum identifies it', () => {
    const item = { id: { S: 'a1' }, version: { N: '3' }, consultation: { M: { notes: { S: 'n' }, diagnosis: { S: 'd' } } } };
    const reordered = { consultation: { M: { diagnosis: { S: 'd' }, notes: { S: 'n' } } }, version: { N: '3' }, id: { S: 'a1' } };
    expect(archiveLine(reordered)).toBe(archiveLine(item));
    expect(recordOf(item)).toEqual({ id: 'a1', version: 3, sha256: recordOf(reordered).sha256 });
    expect(recordOf({ ...item, version: { N: '4' } }).sha256).not.toBe(recordOf(item).sha256);
  });
});
