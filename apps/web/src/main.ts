import type { Page } from './app/page.js';
import { parseHash, type PageName, type Route } from './app/router.js';
import { SiteState } from './app/site-state.js';
import { mountRunsPage } from './runs/runs-page.js';
import { el, errorBox, replaceChildren } from './ui/dom.js';

/**
 * The pages. The runs page is the landing page and comes with this module; the others load
 * their code (Vega, TensorFlow.js) when first opened, so the table shows without waiting for them.
 */
const PAGES: Record<PageName, (route: Route, site: SiteState) => Promise<Page>> = {
  runs: async (route, site) => mountRunsPage(route, site),
  benchmarks: async (route, site) => (await import('./bench/bench-page.js')).mountBenchPage(route, site),
  estimators: async (route) => (await import('./estimators/estimators-page.js')).mountEstimatorsPage(route),
  try: async (route, site) => (await import('./try/try-page.js')).mountTryPage(route, site),
};

const root = document.getElementById('app') as HTMLElement;
let current: { name: PageName; page: Page } | null = null;
let navigation = 0;

async function show(site: SiteState): Promise<void> {
  const route = parseHash(location.hash);
  // Pages rewrite their own hash in place (history.replaceState, which fires no hashchange), so a
  // hashchange is a navigation: a link, the address bar, back or forward. Each one remounts.
  const token = ++navigation;
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('data-page') === route.page));
  root.setAttribute('aria-busy', 'true');
  try {
    const page = await PAGES[route.page](route, site);
    if (token !== navigation) return page.dispose();
    current?.page.dispose();
    current = { name: route.page, page };
    replaceChildren(root, page.element);
  } catch (error) {
    current?.page.dispose();
    current = null;
    replaceChildren(root, errorBox(`This page could not be shown: ${(error as Error).message}`));
  } finally {
    if (token === navigation) root.setAttribute('aria-busy', 'false');
  }
}

async function start(): Promise<void> {
  let site: SiteState;
  try {
    site = await SiteState.load();
  } catch (error) {
    replaceChildren(root, errorBox(`The list of runs could not be loaded: ${(error as Error).message}`));
    root.setAttribute('aria-busy', 'false');
    return;
  }
  window.addEventListener('hashchange', () => void show(site));
  await show(site);
  performance.mark('signflow:ready');
  document.body.append(el('span', { hidden: true, 'data-ready': 'true' }));
}

void start();
