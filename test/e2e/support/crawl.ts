/**
 * Follows the links a signed-in person can see, breadth first from the page they are on, and
 * checks each page TellOnce serves: that it opens (status under 400) and that axe finds nothing.
 *
 * So that lists of people, teams and agencies, and filter and search pages, are not visited one
 * record at a time, links are grouped by the route they lead to (record ids become ":id" and query
 * values are dropped) and only a few of each route are opened.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, describeViolations, type AxeViolation } from './axe.js';
import { mainHeading, visit } from './pages.js';

export interface CrawlOptions {
  /** At most this many pages, counting the one the crawl starts on. */
  maxPages: number;
  /** At most this many pages of one route (same path once ids are taken out, same query names). */
  maxPerRoute: number;
}

export interface CrawledPage {
  url: string;
  route: string;
  status: number;
  heading: string;
  violations: AxeViolation[];
}

export interface CrawlResult {
  pages: CrawledPage[];
  /** Every route visited, like /partnership/teams/:id/edit or /admin/audit?user. */
  routes: Set<string>;
  /** Links left unvisited because a cap was reached. */
  notVisited: string[];
}

const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{32,}$/;

/** Path and query, with the query's parameters in a fixed order: the key a page is visited under. */
export function pageKey(url: URL): string {
  const query = new URLSearchParams([...url.searchParams].sort(([a], [b]) => a.localeCompare(b)));
  const search = query.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}

/** The route a URL belongs to: ids and tokens in the path become ":id", query values are dropped. */
export function routeOf(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((segment) => (UUID_SEGMENT.test(segment) || TOKEN_SEGMENT.test(segment) ? ':id' : segment))
    .join('/');
  const names = [...new Set(url.searchParams.keys())].sort();
  return names.length > 0 ? `${path}?${names.join('&')}` : path;
}

/** Whether a link is one of TellOnce's own GET pages worth opening. */
function isCrawlable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false; // other sites, mailto: and tel: links
  if (url.pathname.startsWith('/assets/')) return false;
  if (url.pathname === '/sign-out') return false;
  // Downloads and data for machines (CSV, the OpenAPI document) are not pages: tests check them.
  if (/\.(csv|json)$/.test(url.pathname)) return false;
  return true;
}

async function linksOn(page: Page, origin: string): Promise<URL[]> {
  const hrefs = await page
    .locator('a[href]:not([download])')
    .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
  const links: URL[] = [];
  for (const href of hrefs) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    url.hash = '';
    if (isCrawlable(url, origin)) links.push(url);
  }
  return links;
}

/**
 * Crawls from the page already open (which the caller has checked), checking every page it opens.
 * Problems are soft assertions, so one run lists every page at fault; the result says what was seen.
 */
export async function crawlFrom(page: Page, options: CrawlOptions): Promise<CrawlResult> {
  const start = new URL(page.url());
  const origin = start.origin;
  const seen = new Set<string>([pageKey(start)]);
  const perRoute = new Map<string, number>([[routeOf(start), 1]]);
  const routes = new Set<string>([routeOf(start)]);
  const queue: URL[] = await linksOn(page, origin);
  const pages: CrawledPage[] = [];
  const notVisited: string[] = [];
  let opened = 1;

  while (queue.length > 0) {
    const url = queue.shift() as URL;
    const key = pageKey(url);
    if (seen.has(key)) continue;
    seen.add(key);
    const route = routeOf(url);
    const count = perRoute.get(route) ?? 0;
    if (count >= options.maxPerRoute) continue;
    if (opened >= options.maxPages) {
      notVisited.push(key);
      continue;
    }
    perRoute.set(route, count + 1);
    routes.add(route);
    opened += 1;

    const response = await visit(page, url.toString());
    const status = response.status();
    const landed = new URL(page.url());
    expect.soft(status, `GET ${key} answered ${status}`).toBeLessThan(400);
    expect.soft(landed.pathname, `GET ${key} sent the signed-in person to ${landed.pathname}`).not.toBe('/sign-in');
    const violations = await axeViolations(page);
    expect.soft(violations.length, violations.length > 0 ? describeViolations(page.url(), violations) : key).toBe(0);
    pages.push({ url: key, route, status, heading: await mainHeading(page), violations });

    // A page reached by redirect is read as where it landed.
    seen.add(pageKey(landed));
    if (status < 400) queue.push(...(await linksOn(page, origin)));
  }
  return { pages, routes, notVisited };
}
