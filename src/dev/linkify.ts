/** Splits plain text into text and link segments, so a view can print links without raw HTML. */
export type Segment = { text: string; href?: string };

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) segments.push({ text: text.slice(last, match.index) });
    segments.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
