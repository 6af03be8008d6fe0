import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/api/contract/sync';
import { foundedTeam, openInstall, PASSPHRASE, syncTestSpace } from '../support/syncInstalls';

/*
 * A device that has joined a team holds no members until its first snapshot arrives. Its owner is "me" from the
 * join, so the "setup" audience (whoever sets up an empty workspace) does not cover them in that window.
 */

let root: string;
let folder: string;
const installs = syncTestSpace('principled-join-access-', (made) => ({ root, folder } = made));

describe('a device joined to a team, before its first snapshot', () => {
  it('its interviewer is not taken for whoever sets the workspace up: no encrypting it, no adding people', async () => {
    const { c, bob } = await foundedTeam(root, folder, installs);
    const eng = openInstall(root, 'eng');
    installs.push(eng);
    const { invitation } = await bob.call<{ invitation: string }>('sync.invite', { memberId: c.eng.id });
    await eng.call<SyncStatus>('sync.join', { folder, invitation, deviceName: 'eng', passphrase: PASSPHRASE });
    // Not confirmed yet: nothing of the team's has arrived.
    expect(eng.row<{ n: number }>('SELECT count(*) AS n FROM team_members')?.n).toBe(0);

    const encrypt = await eng.api.call('privacy.encryptWorkspace', { passphrase: 'a long passphrase', confirm: 'a long passphrase' });
    expect(encrypt.ok ? null : encrypt.error.code).toBe('FORBIDDEN');
    const add = await eng.api.call('team.create', { name: 'Mallory', team: 'Eng', capabilities: ['founder'] });
    expect(add.ok ? null : add.error.code).toBe('FORBIDDEN');
    expect((await eng.api.call('privacy.lockState', undefined as never)).ok).toBe(true);
  }, 240_000);
});
