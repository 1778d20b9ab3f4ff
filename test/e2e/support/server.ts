/**
 * TellOnce as a real HTTP server on a free local port, on the test file's own copy of the demo
 * partnership, for a browser to talk to.
 */
import { createDemoRequestsIfEmpty } from '../../../src/demo/demo-requests.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

export interface RunningServer {
  /** The application, its services and database, as createTestApp builds them. */
  test: TestApp;
  /** Like http://127.0.0.1:41234, with no slash at the end. */
  baseUrl: string;
  /** The full address of a path on this server. */
  url(path: string): string;
  /** Stops the server and closes its database. */
  close(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // Browser suites sign in many times from one address: lift the per-address sign-in limit.
  const test = await createTestApp({ SIGN_IN_RATE_LIMIT: '1000', ...env });
  try {
    // The demo's requests for support, so that the Hub's queue and contact pages have work in them.
    await createDemoRequestsIfEmpty(test.services);
    await test.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await test.close();
    throw error;
  }
  const address = test.app.server.address();
  if (address === null || typeof address === 'string') {
    await test.close();
    throw new Error(`TellOnce is not listening on a TCP port (address: ${String(address)})`);
  }
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    test,
    baseUrl,
    url: (path: string) => new URL(path, baseUrl).toString(),
    close: () => test.close(),
  };
}
