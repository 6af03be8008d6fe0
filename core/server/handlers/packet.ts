import { listSubmittedFeedback } from '../../../db/queries/feedback';
import { getPrinciple } from '../../../db/queries/principles';
import { getMember } from '../../../db/queries/team';
import { ApiFailure } from '../apiFailure';
import { loopPacketMarkdown, loopPacketPdf, type PacketInput } from '../loopPacket';
import { mustGetCandidate } from './candidates';
import { buildDebrief } from './debrief';
import { visibleFeedback } from './feedback';
import { mustGetLoop } from './loops';
import { mustGetRole } from './roles';
import type { HandlersFor } from './types';

export const packetHandlers: HandlersFor<'packet'> = {
  // The packet holds every feedback, so it is as blind as reading the feedback itself.
  'packet.export': ({ loopId, format }, ctx) => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const { visibility } = visibleFeedback(ctx, loop, '');
    if (visibility.level !== 'full') throw new ApiFailure('FORBIDDEN', visibility.reason);
    const candidateName = mustGetCandidate(ctx.db, loop.candidateId).name;
    const roleTitle = mustGetRole(ctx.db, loop.roleId).title;
    const packet: PacketInput = {
      loop,
      candidateName,
      roleTitle,
      nameOf: (id) => (id ? (getMember(ctx.db, id)?.name ?? 'Unknown') : 'Not chosen'),
      principleName: (id) => getPrinciple(ctx.db, id)?.name ?? 'Archived principle',
      debrief: buildDebrief(ctx.db, loop),
      history: listSubmittedFeedback(ctx.db, loop.id, 'interview', true),
    };
    const base = `Loop packet - ${candidateName} - ${roleTitle}`.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim();
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `Exported the loop packet (${format})` });
    return format === 'markdown'
      ? { fileName: `${base}.md`, mimeType: 'text/markdown', base64: Buffer.from(loopPacketMarkdown(packet), 'utf8').toString('base64') }
      : { fileName: `${base}.pdf`, mimeType: 'application/pdf', base64: loopPacketPdf(packet, base).toString('base64') };
  },
};
