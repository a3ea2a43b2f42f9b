import { spawn } from 'node:child_process';

/** The command that opens a URL in the desktop's browser on this platform. */
function opener(): [string, string[]] {
  if (process.platform === 'darwin') return ['open', []];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  return ['xdg-open', []];
}

/**
 * Opens `url` in the user's browser without waiting for it. Resolves to an error message when no
 * opener could be started (a machine without a desktop), so the caller can print the address instead.
 */
export function openBrowser(url: string): Promise<string | undefined> {
  const [command, args] = opener();
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
    child.once('error', (error) => resolve(`could not open a browser (${command}: ${error.message})`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}
