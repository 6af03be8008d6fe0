import { contractSuite } from './contractSuite';
import { tempWorkspace } from '../support/workspace';

contractSuite('the in-process transport', async () => {
  const t = tempWorkspace();
  return { client: t.client, raw: (m, i) => t.workspace.call(m, i), file: t.workspace.file, close: t.close };
});
