import cron from 'node-cron';
import { backupFolder } from '../../../src/backups';
import { loadConfig } from '../../../src/config';
import { describeCron } from '../../../src/jobs/cron-phrase';
import { formatDuration } from '../../../src/jobs/overview';
import { cronOf, JOBS } from '../../../src/jobs/schedule';

describe('the schedule', () => {
  it('backs up daily at 03:00 hospital time unless MEDTRACK_BACKUP_CRON says otherwise', () => {
    const backup = JOBS.find((job) => job.name === 'backup')!;
    expect(cronOf(backup, loadConfig({}))).toBe('0 3 * * *');
    expect(cronOf(backup, loadConfig({ MEDTRACK_BACKUP_CRON: '30 1 * * 0' }))).toBe('30 1 * * 0');
  });

  it('names a backup after the hospital date it started on', () => {
    // 20:00 UTC on 31 March is already 1 April in Kolkata.
    expect(backupFolder(new Date('2025-03-31T20:00:00Z'), 'Asia/Kolkata')).toBe('backups/2025-04-01');
  });

  it('refuses a MEDTRACK_BACKUP_CRON that is not a cron expression, naming it', () => {
    expect(() => loadConfig({ MEDTRACK_BACKUP_CRON: 'every night' })).toThrow(/MEDTRACK_BACKUP_CRON: a cron expression such as "0 3 \* \* \*"/);
    expect(() => loadConfig({ MEDTRACK_BACKUP_CRON: '0 25 * * *' })).toThrow(/MEDTRACK_BACKUP_CRON/);
  });

  it('holds only valid cron expressions, each job named once', () => {
    const config = loadConfig({});
    for (const job of JOBS) expect(cron.validate(cronOf(job, config))).toBe(true);
    expect(new Set(JOBS.map((job) => job.name)).size).toBe(JOBS.length);
  });
});

describe('describeCron', () => {
  it.each([
    ['* * * * *', 'every minute'],
    ['*/5 * * * * *', 'every 5 seconds'],
    ['*/15 * * * *', 'every 15 minutes'],
    ['7 * * * *', 'every hour at minute 7'],
    ['0 3 * * *', 'every day at 03:00'],
    ['30 22 * * 1-5', 'every weekday at 22:30'],
    ['0 6 * * 1,4', 'every Monday and Thursday at 06:00'],
    ['0 3 1 * *', '0 3 1 * *'],
    ['15 3 * * * *', '15 3 * * * *'],
  ])('reads %s as "%s"', (expression, phrase) => {
    expect(describeCron(expression)).toBe(phrase);
  });
});

describe('formatDuration', () => {
  it.each([
    [420, '420 ms'],
    [12_340, '12.3 s'],
    [185_000, '3 min 5 s'],
    [2 * 3600_000 + 60_000, '2 h 1 min'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
