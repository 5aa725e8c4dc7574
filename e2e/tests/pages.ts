// Page objects: what a resident sees and does, in one place, so tests read as steps.
import { expect, type Locator, type Page } from '@playwright/test';

export class SearchPage {
  readonly input: Locator;
  readonly itemHits: Locator;

  constructor(readonly page: Page) {
    this.input = page.getByTestId('search-input');
    this.itemHits = page.getByTestId('item-hit');
  }

  async open() {
    await this.page.goto('/');
    await expect(this.input).toBeVisible();
  }

  async search(text: string) {
    await this.input.fill(text);
  }

  item(name: string): Locator {
    return this.itemHits.filter({ hasText: name }).first();
  }
}

export class ItemPage {
  readonly name: Locator;
  readonly materials: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('item-name');
    this.materials = page.getByTestId('materials');
  }
}
