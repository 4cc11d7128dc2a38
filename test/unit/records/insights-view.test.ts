import path from 'node:path';
import * as cheerio from 'cheerio';
import ejs from 'ejs';
import { readLabText, type LabReading } from '../../../src/records';

const render = async (reading: LabReading) => cheerio.load(await ejs.renderFile(path.join(__dirname, '../../../views/records/_insights.ejs'), { reading }));

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
});
