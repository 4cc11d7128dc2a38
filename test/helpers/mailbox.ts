/** Reads what the app really sent, from aws-ses-v2-local. */
export interface SentMail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  at: number;
}

export async function mailsTo(address: string): Promise<SentMail[]> {
  const response = await fetch(`http://127.0.0.1:${process.env.SES_LOCAL_PORT}/store`);
  const { emails } = (await response.json()) as { emails: SentMail[] };
  return emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
}

/** The first link in the newest mail to the address whose subject matches. */
export async function linkFrom(address: string, subject: RegExp): Promise<string> {
  const mail = (await mailsTo(address)).filter((m) => subject.test(m.subject)).pop();
  const link = mail?.body.text?.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no mail matching ${subject} to ${address}`);
  return link;
}

/** The path and query of an e-mailed link, to follow it on a test agent. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};
