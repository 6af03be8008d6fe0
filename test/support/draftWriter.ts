// A child process for the crash test: saves a feedback draft through the API,
// says so on stdout, then waits to be killed.
import { openWorkspace } from '../../core/server/workspace';

const [dataDir, loopId, reasonToHire] = process.argv.slice(2);
const workspace = openWorkspace(dataDir ?? '');
const mine = workspace.dispatch('feedback.mine', { loopId });
const authorId = mine.ok ? (mine.value as { authorId: string }).authorId : '';
const result = workspace.dispatch('feedback.saveDraft', { loopId, authorId, reasonToHire });
process.stdout.write(result.ok ? 'ACK\n' : `ERR ${JSON.stringify(result.error)}\n`);
setInterval(() => {}, 1_000);
