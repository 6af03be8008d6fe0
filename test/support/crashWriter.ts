// The crash test's child: writes feedback drafts and submissions through the
// API as fast as it can, and prints one line per write the API acknowledged.
// The parent kills it with SIGKILL at a random moment.
import { openWorkspace } from '../../core/server/workspace';

const [dataDir, loopIdsJson] = process.argv.slice(2);
const loopIds = JSON.parse(loopIdsJson ?? '[]') as string[];
const workspace = openWorkspace(dataDir ?? '');

function ack(line: string): void {
  // Synchronous write: a line printed is a line the parent will read, even if we die next.
  process.stdout.write(`${line}\n`);
}

for (let n = 1; ; n++) {
  // Pick up where the last (killed) run left off: the first loop not yet submitted.
  const loopId = loopIds.find((id) => {
    const mine = workspace.dispatch('feedback.mine', { loopId: id });
    return mine.ok && (mine.value as { current: { status: string } | null }).current?.status !== 'submitted';
  });
  if (!loopId) break;
  const mine = workspace.dispatch('feedback.mine', { loopId });
  if (!mine.ok) throw new Error(JSON.stringify(mine.error));
  const { principles, authorId } = mine.value as { principles: { principleId: string }[]; authorId: string };
  const content = {
    loopId,
    authorId,
    ratings: principles.map((p) => ({
      principleId: p.principleId,
      rating: 3,
      evidence: { situation: `situation ${n}`, task: 'task', action: 'I acted', result: 'It worked' },
    })),
    vote: 'inclined',
    reasonToHire: `draft ${n}`,
  };
  const saved = workspace.dispatch('feedback.saveDraft', content);
  if (saved.ok) ack(`draft ${loopId} ${n}`);
  if (n % 4 === 0) {
    const submitted = workspace.dispatch('feedback.submit', content);
    if (submitted.ok) ack(`submit ${loopId} ${n}`);
  }
}
ack('done');
workspace.close();
