// Drives the live order board in headless Chromium (Debian's /usr/bin/chromium) with playwright-core.
// Run by BoardBrowserTest in two phases, the test stopping payment-worker in between:
//   node board-test.js approve <board url>            place an order with the form, see it reach Approved,
//                                                      open its details; the form shows the API's field errors
//   node board-test.js cancel <board url> <png path>  place an order that stays Pending, cancel it from its
//                                                      details, see it reach Cancelled; save a screenshot
// Prints "OK <phase> <order id>" on success; any failure exits non-zero with the reason.
'use strict';

const { chromium } = require('playwright-core');

const [phase, url, screenshot] = process.argv.slice(2);
const WAIT = 60000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function placeWithForm(page, customer) {
  await page.fill('#place input[name=customer_id]', customer);
  await page.fill('#place input[name=restaurant_id]', 'r1');
  await page.fill('#items input[name=unit_price]', '12.50');
  await page.fill('#items input[name=quantity]', '2');
  await page.click('#place button[type=submit]');
  await page.waitForFunction(() => document.getElementById('placed').dataset.orderId, null, { timeout: WAIT });
  return page.$eval('#placed', (e) => e.dataset.orderId);
}

async function awaitRowStatus(page, id, status) {
  await page.waitForSelector(`#orders tr[data-id="${id}"][data-status="${status}"]`, { timeout: WAIT });
}

async function approve(page) {
  // Bad input first: the API's per-field messages appear next to the fields, nothing is placed.
  await page.fill('#place input[name=customer_id]', '');
  await page.fill('#items input[name=unit_price]', 'abc');
  await page.fill('#items input[name=quantity]', '0');
  await page.click('#place button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#place [data-field="customer_id"]').textContent !== '',
    null, { timeout: WAIT });
  const customerError = await page.textContent('#place [data-field="customer_id"]');
  const priceError = await page.textContent('#items [data-item-field="unit_price"]');
  const quantityError = await page.textContent('#items [data-item-field="quantity"]');
  check(customerError.includes('customer_id is required') || customerError.includes('customer_id must not be blank'),
    'customer_id error: ' + customerError);
  check(priceError.includes('must be a number'), 'unit_price error: ' + priceError);
  check(quantityError.includes('must be at least 1'), 'quantity error: ' + quantityError);

  const id = await placeWithForm(page, 'c-board-approve');
  check(await page.textContent('#place [data-field="customer_id"]') === '', 'errors cleared after a good order');
  await awaitRowStatus(page, id, 'Approved');

  await page.click(`#orders tr[data-id="${id}"]`);
  await page.waitForFunction((orderId) => document.getElementById('d-id').textContent === orderId
      && document.querySelectorAll('#d-events tbody tr').length === 3
      && document.querySelectorAll('#d-items tbody tr').length === 1, id, { timeout: WAIT });
  const events = await page.$$eval('#d-events tbody tr', (rows) => rows.map((r) => r.cells[1].textContent));
  check(events.map((e) => e.split('.').pop()).join() === 'created,paymentdebited,approved', 'events: ' + events);
  const item = await page.$$eval('#d-items tbody td', (cells) => cells.map((c) => c.textContent));
  check(item[0] === 'p1' && item[3] === '2', 'item: ' + item);
  const history = await page.$$eval('#d-history tbody tr', (rows) => rows.map((r) => r.cells[1].textContent));
  check(history.includes('Approved'), 'saga decisions: ' + history);
  check(await page.isHidden('#d-cancel'), 'an Approved order has no cancel button');
  // The counts come from the read model, a moment behind the live feed.
  await page.waitForSelector('#counts .count[data-status="Approved"]', { timeout: WAIT });
  // The per-hour panel (restaurant r1, restaurant_hourly, refreshed every 10 s) counts the approved order.
  await page.waitForFunction(() => /[1-9]\d* approved, revenue [1-9]/.test(document.querySelector('#h-totals').textContent),
    null, { timeout: WAIT });
  return id;
}

async function cancel(page) {
  const id = await placeWithForm(page, 'c-board-cancel');
  await page.click(`#orders tr[data-id="${id}"]`);
  await page.waitForSelector('#d-cancel:not([hidden])', { timeout: WAIT });
  await page.click('#d-cancel');
  await page.waitForFunction(() => document.getElementById('d-cancel-note').textContent === 'cancel requested',
    null, { timeout: WAIT });
  await awaitRowStatus(page, id, 'Cancelled');
  await page.waitForFunction(() => document.getElementById('d-reason').textContent === 'cancelled by the customer',
    null, { timeout: WAIT });
  const link = await page.getAttribute('#d-trace', 'href');
  check(/\/zipkin\/traces\/[0-9a-f]{32}$/.test(link || ''), 'trace link: ' + link);
  await page.waitForTimeout(1500); // one more chart tick and counts refresh for the picture
  await page.screenshot({ path: screenshot, fullPage: true });
  return id;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error: ' + e.message));
    await page.goto(url);
    await page.waitForSelector('#feed[data-state="live"]', { timeout: WAIT });
    const id = phase === 'approve' ? await approve(page) : await cancel(page);
    console.log('OK ' + phase + ' ' + id);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error('FAILED ' + phase + ': ' + (e && e.stack || e));
  process.exit(1);
});
