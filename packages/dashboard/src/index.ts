/**
 * The dashboard's Node.js side: the catalog of run directories and benchmark folders, the HTTP
 * server of `signflow serve` and the static-site writer of `signflow site`. The page itself is
 * the web app (apps/web); the documents both use are in `@signflow/dashboard/contract`.
 */
export { Catalog } from './catalog.js';
export { PortInUseError, startServer, type RunningServer, type ServeOptions } from './http-server.js';
export { openBrowser } from './open-browser.js';
export { checkPageDir, PageMissingError } from './page-files.js';
export { SiteOutputError, writeSite, type SiteSummary } from './site-writer.js';
export * from './contract/index.js';
