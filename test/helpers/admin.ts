/** Reading the admin's paged lists the way an admin would: page after page until a row shows up. */
import type { Express } from 'express';
import type { Deps } from '../../src/deps';
import { $, signIn, type Agent } from './http';
import { anAdmin } from './users';

/** The HTML of the first element matching `selector` on `url` or one of its next pages; undefined if none. */
export async function findOnPages(agent: Agent, url: string, selector: string): Promise<string | undefined> {
  let next: string | undefined = url;
  for (let pages = 0; next && pages < 50; pages += 1) {
    const response = await agent.get(next).expect(200);
    const page = $(response.text);
    const found = page(selector).first();
    if (found.length) return page.html(found);
    next = page('a.button').filter((_i, a) => page(a).text().trim() === 'Next page').attr('href');
  }
  return undefined;
}

export async function signedInAdmin(app: Express, deps: Deps): Promise<Agent> {
  const admin = await anAdmin(deps);
  return signIn(app, admin.email);
}
