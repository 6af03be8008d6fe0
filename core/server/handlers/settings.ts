import { deleteSetting, setSetting } from '../../../db/queries/settings';
import { editorsKey, readSettings, SETTING_KEYS, trainingKey } from '../../../db/queries/settingsValues';
import { TRAINING_SETTING_KEYS } from '../../rules/training/paths';
import { EDITABLE_AREAS } from '../../rules/access';
import { getMember } from '../../../db/queries/team';
import { ApiFailure, invalidField } from '../apiFailure';
import { deviceIdOf } from '../sync/outbox';
import type { HandlersFor } from './types';

export const settingsHandlers: HandlersFor<'settings'> = {
  'settings.get': (_input, { db }) => readSettings(db),

  'settings.update': (input, ctx) => {
    const changed: string[] = [];
    for (const key of ['companyName', 'founderRuleThreshold', 'feedbackDueHours', 'priorHires'] as const) {
      const value = input[key];
      if (value === undefined) continue;
      setSetting(ctx.db, SETTING_KEYS[key], String(value));
      changed.push(key);
    }
    for (const area of EDITABLE_AREAS) {
      const allowed = input.editors?.[area];
      if (allowed === undefined) continue;
      setSetting(ctx.db, editorsKey(area), [...new Set(allowed)].join(','));
      changed.push(`editors of ${area}`);
    }
    for (const key of TRAINING_SETTING_KEYS) {
      const count = input.training?.[key];
      if (count === undefined) continue;
      setSetting(ctx.db, trainingKey(key), String(count));
      changed.push(`training ${key}`);
    }
    if (input.sync?.snapshotEvery !== undefined) {
      setSetting(ctx.db, SETTING_KEYS.snapshotEvery, String(input.sync.snapshotEvery));
      changed.push('sync snapshot interval');
    }
    if (input.privacy?.lockAfterMinutes !== undefined) {
      setSetting(ctx.db, SETTING_KEYS.lockAfterMinutes, String(input.privacy.lockAfterMinutes));
      changed.push('lock after');
    }
    if (changed.length === 0) throw invalidField('input', 'Nothing to change');
    ctx.log({ entity: 'settings', entityId: 'settings', summary: `Changed settings: ${changed.join(', ')}` });
    return readSettings(ctx.db);
  },

  'settings.setMe': ({ memberId }, ctx) => {
    // In a team every device belongs to one member, whose signed files others check: "me" is that member.
    if (deviceIdOf(ctx.db)) throw new ApiFailure('FORBIDDEN', 'In a team, "me" is the owner of this device and cannot be switched');
    const before = readSettings(ctx.db).me;
    const nameOf = (id: string | null) => (id ? (getMember(ctx.db, id)?.name ?? 'unknown') : 'nobody');
    if (memberId) {
      const member = getMember(ctx.db, memberId);
      if (!member) throw invalidField('memberId', 'No such team member');
      if (member.status !== 'active') throw invalidField('memberId', `${member.name} has left the company`);
      setSetting(ctx.db, SETTING_KEYS.me, memberId);
    } else deleteSetting(ctx.db, SETTING_KEYS.me);
    // A shared machine must show who acted as whom: the switch itself is logged.
    ctx.log({ entity: 'settings', entityId: memberId ?? 'settings', summary: `Switched "me" from ${nameOf(before)} to ${nameOf(memberId)}` });
    return readSettings(ctx.db);
  },
};
