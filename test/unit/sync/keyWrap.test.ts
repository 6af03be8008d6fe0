import { describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import { BUNDLE_KEYS, grantFileHeader, makeKeyBundle, makeKeyGrant, openGrantFile, openKeyGrant, type GrantedKey } from '../../../core/server/sync/keyGrant';
import { bundleUnwrapper, bundleWrapper, newSymmetricKey, unwrapKey, wrapKey, type WrapContext } from '../../../core/server/sync/keyWrap';
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

describe('grant bundles', () => {
  const teamId = v7();
  const granter = device();
  const member = device();
  const signingKeyFor = (id: string) => [granter, member].find((d) => d.id === id)?.keys.publicKeys.signing;
  const me = { deviceId: member.id, agreementSecret: member.keys.secretKeys.agreement };
  const keys = (n: number): GrantedKey[] =>
    Array.from({ length: n }, (_, i) => ({ keyId: v7(), purpose: i % 2 ? (`candidate:${v7()}` as const) : (`feedback:${v7()}` as const), key: newSymmetricKey() }));
  const bundle = (granted: GrantedKey[], by = granter) =>
    makeKeyBundle({
      teamId,
      grantId: v7(),
      keys: granted,
      recipient: { deviceId: member.id, agreementKey: member.keys.publicKeys.agreement },
      granter: { deviceId: by.id, signingKey: by.keys.secretKeys.signing },
      createdAt: 1_750_000_000_000,
    });

  it('carries many keys in one signed file under one key agreement, each opened by its recipient', () => {
    const granted = keys(40);
    const file = bundle(granted);
    expect(file.path).toMatch(new RegExp(`^keys/${member.id}/[0-9a-f-]{36}$`));
    const opened = openGrantFile(file.path, file.bytes, { teamId, signingKeyFor, me });
    expect(opened.ok && opened.value.granterDeviceId).toBe(granter.id);
    expect(opened.ok && opened.value.keys).toEqual(granted.map((k) => ({ keyId: k.keyId, purpose: k.purpose, key: Buffer.from(k.key) })));
    // One ephemeral key for the bundle: its wraps hold no key of their own (17 + 32 bytes, not 93).
    const record = JSON.parse(file.bytes.toString('utf8')).record as { ephemeral: string; grants: { wrapped: string }[] };
    expect(Buffer.from(record.ephemeral, 'base64url')).toHaveLength(32);
    expect(record.grants.every((g) => Buffer.from(g.wrapped, 'base64url').length === 61)).toBe(true);
    expect(grantFileHeader(file.bytes)).toEqual({ type: 'key-grants', granterDeviceId: granter.id, purposes: granted.map((k) => k.purpose) });
  });

  it('opens a single grant the same way: one key', () => {
    const key = newSymmetricKey();
    const keyId = v7();
    const single = makeKeyGrant({ teamId, grantId: v7(), keyId, purpose: 'team', key, recipient: { deviceId: member.id, agreementKey: member.keys.publicKeys.agreement }, granter: { deviceId: granter.id, signingKey: granter.keys.secretKeys.signing }, createdAt: 1 });
    expect(openGrantFile(single.path, single.bytes, { teamId, signingKeyFor, me })).toMatchObject({ ok: true, value: { granterDeviceId: granter.id, keys: [{ keyId, purpose: 'team', key }] } });
  });

  it('binds each wrap to its bundle, purpose, key id and recipient', () => {
    const [k] = keys(1) as [GrantedKey];
    const bundleId = v7();
    const wrapper = bundleWrapper(member.keys.publicKeys.agreement, bundleId);
    const context = { purpose: k.purpose, keyId: k.keyId, recipientDeviceId: member.id };
    const wrapped = wrapper.wrap(k.key, context);
    const unwrapper = bundleUnwrapper(wrapper.ephemeral, member.keys.secretKeys.agreement, bundleId);
    expect(unwrapper?.unwrap(wrapped, context)).toEqual({ ok: true, value: Buffer.from(k.key) });
    for (const change of [{ purpose: `candidate:${v7()}` as const }, { keyId: v7() }, { recipientDeviceId: v7() }]) {
      expect(unwrapper?.unwrap(wrapped, { ...context, ...change })).toMatchObject({ ok: false, kind: 'wrong-key' });
    }
    expect(bundleUnwrapper(wrapper.ephemeral, member.keys.secretKeys.agreement, v7())?.unwrap(wrapped, context)).toMatchObject({ ok: false, kind: 'wrong-key' });
    expect(bundleUnwrapper(wrapper.ephemeral, device().keys.secretKeys.agreement, bundleId)?.unwrap(wrapped, context)).toMatchObject({ ok: false, kind: 'wrong-key' });
  });

  it('is refused whole when tampered with, signed by another than its granter, or holding a team key or a key twice', () => {
    const file = bundle(keys(3));
    const text = file.bytes.toString('utf8');
    const record = JSON.parse(text).record as { grants: { purpose: string; keyId: string }[] };
    const swapped = Buffer.from(text.replace(record.grants[0]!.purpose, `candidate:${v7()}`));
    expect(openGrantFile(file.path, swapped, { teamId, signingKeyFor, me })).toMatchObject({ ok: false, kind: 'bad-signature' });
    // A member's device signing a bundle "from" the granter.
    const forged = Buffer.from(text.replaceAll(granter.id, member.id));
    expect(openGrantFile(file.path, forged, { teamId, signingKeyFor, me }).ok).toBe(false);
    const team = bundle([{ keyId: v7(), purpose: 'team', key: newSymmetricKey() }]);
    expect(openGrantFile(team.path, team.bytes, { teamId, signingKeyFor, me })).toMatchObject({ ok: false, kind: 'corrupt' });
    const [one] = keys(1) as [GrantedKey];
    const twice = bundle([one, { ...one, key: newSymmetricKey() }]);
    expect(openGrantFile(twice.path, twice.bytes, { teamId, signingKeyFor, me })).toMatchObject({ ok: false, kind: 'corrupt' });
    const thief = device();
    expect(openGrantFile(file.path.replace(member.id, thief.id), file.bytes, { teamId, signingKeyFor, me: { deviceId: thief.id, agreementSecret: thief.keys.secretKeys.agreement } })).toMatchObject({ ok: false, kind: 'mismatch' });
  });

  it('holds at most BUNDLE_KEYS keys and at least one', () => {
    expect(() => bundle([])).toThrow(RangeError);
    expect(() => bundle(keys(BUNDLE_KEYS + 1))).toThrow(RangeError);
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
