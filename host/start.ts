import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workspace } from '../core/server/workspace';
import { createHostServer } from './server';
import { Sessions } from './session';

export interface StartOptions {
  workspace: Workspace;
  rendererDir: string;
  port: number;
  /** Where the terminal lines go. */
  log(line: string): void;
}

export interface StartedHost {
  server: Server;
  port: number;
  /** Prints a fresh one-time link; the previous one, if still unused, stops working. */
  printLaunchLink(): void;
}

export function launchUrl(port: number, secret: string): string {
  return `http://127.0.0.1:${port}/#launch=${secret}`;
}

/** Listens on 127.0.0.1 — on any free port when the asked one is taken — and prints the first link. */
export async function startHost(options: StartOptions): Promise<StartedHost> {
  const sessions = new Sessions();
  const server = createHostServer({ workspace: options.workspace, rendererDir: options.rendererDir, sessions });
  let port: number;
  try {
    port = await listen(server, options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw error;
    port = await listen(server, 0);
    options.log(`Port ${options.port} is in use, so Principled took port ${port} instead.`);
  }
  const printLaunchLink = () => {
    // The secret goes in the fragment, which browsers never send to a server or put in a Referer.
    options.log(`Principled is running. Open this link in your browser (it works once):\n  ${launchUrl(port, sessions.issueLaunchSecret())}`);
  };
  printLaunchLink();
  return { server, port, printLaunchLink };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
