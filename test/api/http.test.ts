import { contractSuite } from './contractSuite';
import { startTestHost } from '../support/host';

contractSuite('the browser host (HTTP)', async () => {
  const host = await startTestHost();
  return { client: host.client, raw: host.raw, file: host.file, close: host.close };
});
