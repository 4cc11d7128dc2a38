/** A cron expression as people read it, for the admin page; unusual shapes are shown as they are. */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const isNumber = (field: string) => /^\d+$/.test(field);
const everyN = (field: string) => /^\*\/(\d+)$/.exec(field)?.[1];
const clock = (hour: string, minute: string) => `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;

function days(dayOfWeek: string): string | undefined {
  if (dayOfWeek === '*') return 'every day';
  if (dayOfWeek === '1-5') return 'every weekday';
  if (/^\d(,\d)*$/.test(dayOfWeek)) return `every ${dayOfWeek.split(',').map((d) => WEEKDAYS[Number(d)]).join(' and ')}`;
  return undefined;
}

export function describeCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  const second = fields.length === 6 ? fields.shift()! : '0';
  if (fields.length !== 5) return expression;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const daily = dayOfMonth === '*' && month === '*';
  const rest = fields.every((field) => field === '*');
  if (everyN(second) && rest) return `every ${everyN(second)} seconds`;
  if (second !== '0') return expression;
  if (rest) return 'every minute';
  if (everyN(minute) && fields.slice(1).every((field) => field === '*')) return `every ${everyN(minute)} minutes`;
  if (isNumber(minute) && hour === '*' && daily && dayOfWeek === '*') return `every hour at minute ${minute}`;
  const when = days(dayOfWeek);
  if (isNumber(minute) && isNumber(hour) && daily && when) return `${when} at ${clock(hour, minute)}`;
  return expression;
}
