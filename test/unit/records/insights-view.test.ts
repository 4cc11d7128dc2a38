import path from 'node:path';
import * as cheerio from 'cheerio';
import ejs from 'ejs';
import { readLabText, type LabReading } from '../../../src/records';

const render = async (reading: LabReading, locals: { forPatient?: boolean } = {}) => cheerio.load(await ejs.renderFile(path.join(__dirname, '../../../views/records/_insights.ejs'), { reading, ...locals }));

describe('the lab insights partial', () => {
  it('shows each value with its flag in words, the range and its source, under the "check with your doctor" headline', async () => {
    const $ = await render(readLabText('Haemoglobin 12.5 g/dL\nPotassium 45 mmol/L', 'male'));
    expect($('h2').text()).toBe('Automated reading of your report: check with your doctor');
    const hb = $('[data-testid="insight-haemoglobin"]');
    expect(hb.text()).toContain('12.5 g/dL');
    expect(hb.find('.badge').text()).toBe('Below range');
    expect(hb.text()).toContain('13.8–17.2 g/dL for men');
    expect(hb.find('a').attr('href')).toBe('https://medlineplus.gov/ency/article/003645.htm');
    expect($('[data-testid="insight-potassium"]').text()).toContain('Could not read');
  });

  it('says a scanned report cannot be read, with no values', async () => {
    const $ = await render({ kind: 'no-text' });
    expect($('[data-testid="lab-insights"]').text()).toContain("This report is a scanned image; we can't read values from it");
    expect($('table')).toHaveLength(0);
  });

  it('speaks to a doctor about "this report", not "your report", with the same flags', async () => {
    const $ = await render(readLabText('Haemoglobin 12.5 g/dL', 'male'), { forPatient: false });
    expect($('h2').text()).toBe('Automated reading of this report, as the patient sees it: check it against the report');
    expect($('th').eq(1).text()).toBe('Value');
    expect($('[data-testid="insight-haemoglobin"] .badge').text()).toBe('Below range');
    expect($.root().text()).not.toMatch(/your (report|value|doctor)/i);
  });
});
