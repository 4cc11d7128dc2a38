/**
 * The vault's upload form in real Chromium (public/js/upload.js): on a slow connection the patient
 * sees the upload's progress and can cancel it, and a cancelled upload leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInAs } from './browser';
import { aPatient, PASSWORD } from '../helpers/users';
import { itemsOf, objectsOf } from '../helpers/vault';
import { portalAndBrowser } from './portal';

const e2e = portalAndBrowser();

it('shows the progress of a slow upload, and a cancelled upload saves nothing', async () => {
  const { deps } = e2e.portal;
  const patientUser = await aPatient(deps);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medtrack-e2e-'));
  const big = path.join(dir, 'scan.pdf');
  fs.writeFileSync(big, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3 * 1024 * 1024, 0x20)]));

  const { page, problems } = await signInAs(e2e.browser, e2e.portal.baseUrl, patientUser.email, PASSWORD);
  await page.goto('/records/upload');
  await page.getByLabel('Title').fill('Old scan');
  await page.getByLabel('What kind of file is it?').selectOption({ label: 'Scan or X-ray' });
  await page.getByLabel('Date on the report').fill('2026-10-01');
  await page.locator('#f-file').setInputFiles(big);
  // About 30 s for the file at this speed: long enough to watch it move and to cancel it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 100 * 1024 });

  await page.getByRole('button', { name: 'Add the file' }).click();
  const bar = page.locator('[data-upload-bar]');
  await page.waitForFunction(() => Number((document.querySelector('[data-upload-bar]') as HTMLProgressElement).value) > 0);
  const moved = await bar.evaluate((el: HTMLProgressElement) => el.value);
  expect(moved).toBeGreaterThan(0);
  expect(moved).toBeLessThan(100);
  await expect(page.locator('[data-upload-percent]').textContent()).resolves.toMatch(/^\d+%$/);
  await page.getByRole('button', { name: 'Cancel' }).click();

  await expect(page.locator('[data-upload-message]').textContent()).resolves.toBe('Upload cancelled. Nothing was saved.');
  await expect(page.locator('[data-upload-progress]').isHidden()).resolves.toBe(true);
  await expect(page.getByRole('button', { name: 'Add the file' }).isEnabled()).resolves.toBe(true);
  // The server saw a body cut short: no object, no item.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await objectsOf(deps, patientUser.id)).toEqual([]);
  expect(await itemsOf(deps, patientUser.id)).toEqual([]);
  expect(problems.filter((p) => !/ERR_ABORTED|net::/.test(p.text))).toEqual([]);
});
