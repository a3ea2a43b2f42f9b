/**
 * The page's Node.js side: the catalog of run directories and benchmark folders, the HTTP server
 * of `signflow serve` and the static-site writer of `signflow site`.
 */
export { Catalog } from './catalog.js';
export { PortInUseError, startServer, type RunningServer, type ServeOptions } from './http-server.js';
export { openBrowser } from './open-browser.js';
export { PAGE_DIR, PageMissingError, pageDir } from './page-files.js';
export { SiteOutputError, writeSite, type SiteSummary } from './site-writer.js';
