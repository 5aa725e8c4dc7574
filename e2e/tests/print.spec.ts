// The 一次告知 card prints on one page: what a resident takes home from the kiosk's printer.
import { expect, test } from './support';
import { ItemPage, entryUrl } from './pages';

/** Pages in a PDF made by Chromium: one `/Type /Page` object per page. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

for (const id of ['dibao', 'resident-medical-insurance', 'disability-certificate']) {
  test(`the card of ${id} prints on one A4 page, without the screen's controls`, async ({ page }, testInfo) => {
    await page.goto(entryUrl(`/items/${id}`, testInfo));
    const item = new ItemPage(page);
    await expect(item.materials).toBeVisible();

    await page.emulateMedia({ media: 'print' });
    await expect(item.materials).toBeVisible();
    await expect(item.name).toBeVisible();
    await expect(page.getByTestId('print-button')).toBeHidden();
    await expect(page.getByTestId('back-button')).toBeHidden();
    await expect(page.getByTestId('where')).toBeHidden();

    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdfPages(pdf)).toBe(1);
  });
}
