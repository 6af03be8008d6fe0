// A child process for the crash test: saves a feedback draft through the API,
// says so on stdout, then waits to be killed.
import { openWorkspace } from '../../core/server/workspace';

const [dataDir, loopId, reasonToHire] = process.argv.slice(2);
const workspace = openWorkspace(dataDir ?? '');
const result = workspace.dispatch('feedback.saveDraft', { loopId, reasonToHire });
process.stdout.write(result.ok ? 'ACK\n' : `ERR ${JSON.stringify(result.error)}\n`);
setInterval(() => {}, 1_000);
