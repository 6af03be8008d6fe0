import { describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import { makeKeyGrant, openKeyGrant } from '../../../core/server/sync/keyGrant';
import { newSymmetricKey, unwrapKey, wrapKey, type WrapContext } from '../../../core/server/sync/keyWrap';
import { addSignature, decodeRecordFile, encodeRecordFile, signRecord } from '../../../core/server/sync/signedRecord';
import { device } from './syncFixtures';

describe('key wrapping', () => {
  const recipient = device();
  const context: WrapContext = { purpose: 'team', keyId: v7(), recipientDeviceId: recipient.id };

  it('unwraps for the recipient it was wrapped to', () => {
    const key = newSymmetricKey();
    const wrapped = wrapKey(key, recipient.keys.publicKeys.agreement, context);
    expect(unwrapKey(wrapped, recipient.keys.secretKeys.agreement, context)).toEqual({ ok: true, value: key });
    // A fresh ephemeral key per wrap: wrapping twice gives unlinkable texts.
    expect(wrapKey(key, recipient.keys.publicKeys.agreement, context)).not.toBe(wrapped);
  });

  it('cannot be unwrapped by another device', () => {
    const wrapped = wrapKey(newSymmetricKey(), recipient.keys.publicKeys.agreement, context);
    const other = device();
    expect(unwrapKey(wrapped, other.keys.secretKeys.agreement, context)).toMatchObject({ ok: false, kind: 'wrong-key' });
    expect(unwrapKey(wrapped, other.keys.secretKeys.agreement, { ...context, recipientDeviceId: other.id })).toMatchObject({ ok: false, kind: 'wrong-key' });
  });

  it.each<[string, Partial<WrapContext>]>([
    ['another purpose', { purpose: `feedback:${v7()}` }],
    ['another key id', { keyId: v7() }],
    ['another recipient id', { recipientDeviceId: v7() }],
  ])('is bound to its context: %s fails', (_, change) => {
    const wrapped = wrapKey(newSymmetricKey(), recipient.keys.publicKeys.agreement, context);
    expect(unwrapKey(wrapped, recipient.keys.secretKeys.agreement, { ...context, ...change })).toMatchObject({ ok: false, kind: 'wrong-key' });
  });

  it('reports a damaged wrap as corrupt or wrong-key, never throwing', () => {
    const wrapped = Buffer.from(wrapKey(newSymmetricKey(), recipient.keys.publicKeys.agreement, context), 'base64url');
    for (let i = 0; i < wrapped.length; i++) {
      const flipped = Buffer.from(wrapped);
      flipped[i]! ^= 0x40;
      expect(unwrapKey(flipped.toString('base64url'), recipient.keys.secretKeys.agreement, context).ok).toBe(false);
    }
    expect(unwrapKey('short', recipient.keys.secretKeys.agreement, context)).toMatchObject({ ok: false, kind: 'corrupt' });
  });
});

describe('key grants', () => {
  const teamId = v7();
  const admin = device();
  const member = device();
  const devices = [admin, member];
  const signingKeyFor = (id: string) => devices.find((d) => d.id === id)?.keys.publicKeys.signing;

  function grantTo(recipient = member) {
    const key = newSymmetricKey();
    const grant = makeKeyGrant({
      teamId,
      grantId: v7(),
      keyId: v7(),
      purpose: 'team',
      key,
      recipient: { deviceId: recipient.id, agreementKey: recipient.keys.publicKeys.agreement },
      granter: { deviceId: admin.id, signingKey: admin.keys.secretKeys.signing },
      createdAt: 1_750_000_000_000,
    });
    return { key, grant };
  }

  it('lives at keys/<recipient>/<grantId> and opens for its recipient', () => {
    const { key, grant } = grantTo();
    expect(grant.path).toMatch(new RegExp(`^keys/${member.id}/[0-9a-f-]{36}$`));
    const opened = openKeyGrant(grant.path, grant.bytes, { teamId, signingKeyFor, me: { deviceId: member.id, agreementSecret: member.keys.secretKeys.agreement } });
    expect(opened).toMatchObject({ ok: true, value: { key, grant: { purpose: 'team', granterDeviceId: admin.id, recipientDeviceId: member.id } } });
  });

  it('is refused by any other device, even one that copies it into its own folder', () => {
    const { grant } = grantTo();
    const thief = device();
    const stolenPath = grant.path.replace(member.id, thief.id);
    const opened = openKeyGrant(stolenPath, grant.bytes, { teamId, signingKeyFor, me: { deviceId: thief.id, agreementSecret: thief.keys.secretKeys.agreement } });
    expect(opened).toMatchObject({ ok: false, kind: 'mismatch' });
  });

  it('is refused when its signature or its granter is not right', () => {
    const { grant } = grantTo();
    const me = { deviceId: member.id, agreementSecret: member.keys.secretKeys.agreement };
    const tampered = Buffer.from(grant.bytes.toString('utf8').replace('"createdAt":1750000000000', '"createdAt":1750000000001'));
    expect(openKeyGrant(grant.path, tampered, { teamId, signingKeyFor, me })).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(openKeyGrant(grant.path, grant.bytes, { teamId, signingKeyFor: () => undefined, me })).toMatchObject({ ok: false, kind: 'unknown-device' });
    expect(openKeyGrant(grant.path, grant.bytes, { teamId: v7(), signingKeyFor, me })).toMatchObject({ ok: false, kind: 'mismatch' });
  });
});

describe('signed records', () => {
  const owner = device();
  const admin = device();
  const keyFor = (id: string) => [owner, admin].find((d) => d.id === id)?.keys.publicKeys.signing;
  const record = { type: 'device', id: owner.id, teamId: v7(), memberId: v7(), signingKey: owner.keys.publicKeys.signing };

  it('verifies whatever order the record was built in, and names its signers', () => {
    const signed = addSignature(signRecord(record, owner.id, owner.keys.secretKeys.signing), admin.id, admin.keys.secretKeys.signing);
    const reordered = { signatures: signed.signatures, record: Object.fromEntries(Object.entries(record).reverse()) };
    const bytes = Buffer.from(JSON.stringify(reordered, null, 2));
    expect(decodeRecordFile(bytes, { type: 'device', id: owner.id, teamId: record.teamId }, keyFor)).toMatchObject({ ok: true, value: { signers: [owner.id, admin.id] } });
  });

  it('refuses a changed field, a record at another path and an empty file', () => {
    const signed = signRecord(record, owner.id, owner.keys.secretKeys.signing);
    const expect_ = { type: 'device', id: owner.id, teamId: record.teamId };
    const changed = encodeRecordFile({ ...signed, record: { ...record, memberId: v7() } });
    expect(decodeRecordFile(changed, expect_, keyFor)).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(decodeRecordFile(encodeRecordFile(signed), { ...expect_, id: admin.id }, keyFor)).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(decodeRecordFile(Buffer.alloc(0), expect_, keyFor)).toMatchObject({ ok: false, kind: 'corrupt' });
    expect(decodeRecordFile(encodeRecordFile({ ...signed, signatures: [] }), expect_, keyFor)).toMatchObject({ ok: false, kind: 'bad-signature' });
  });
});
