import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 } from 'uuid';
import { decodeEnvelope, encodeBatchFile, encodeEnvelope, hash16Of, type EncodedEnvelope } from '../../../core/server/sync/batchFile';
import { envelopePath, parseEnvelopePath } from '../../../core/server/sync/folderLayout';
import { newSymmetricKey } from '../../../core/server/sync/keyWrap';
import { changes, readerOf, team } from './syncFixtures';

const t = team(2);
const [ana, ben] = t.devices as [(typeof t.devices)[0], (typeof t.devices)[0]];
const reader = readerOf(t);

function batch(seq = 41, payload: unknown = changes(20)): EncodedEnvelope {
  return encodeBatchFile({ teamId: t.teamId, deviceId: ana.id, seq, createdAt: 1_750_000_000_000, keyId: t.keyId, key: t.key, payload }, ana.keys.secretKeys.signing);
}

/** Changes plus text that does not compress, so the files below are a few KB rather than a few hundred bytes. */
function fewKb(seed: number): unknown {
  return { ...changes(30, seed), note: randomBytes(1500).toString('hex') };
}

/** The same bytes under the name their hash gives: what someone who can write to the folder could produce. */
function renamed(file: { path: string }, bytes: Buffer): string {
  const where = parseEnvelopePath(file.path)!;
  return envelopePath(where.kind, where.deviceId, where.seq, hash16Of(bytes));
}

describe('batch files', () => {
  it('round-trips a payload, named log/<device>/<seq:010d>.<hash16>', () => {
    const payload = changes(50);
    const file = batch(41, payload);
    expect(file.path).toBe(`log/${ana.id}/0000000041.${hash16Of(file.bytes)}`);
    expect(decodeEnvelope(file.path, file.bytes, reader)).toEqual({
      ok: true,
      value: { kind: 'batch', teamId: t.teamId, deviceId: ana.id, seq: 41, createdAt: 1_750_000_000_000, sections: [{ keyId: t.keyId, payload }] },
    });
  });

  it('hides the payload: no readable text of it in the file', () => {
    const file = batch(1, { secret: 'Ana was unimpressed by the candidate' });
    expect(file.bytes.toString('latin1')).not.toContain('unimpressed');
  });

  it('rejects the file cut at every offset as partial, then decodes it once whole', () => {
    const file = batch(7, fewKb(7));
    expect(file.bytes.length).toBeGreaterThan(2000);
    for (let length = 0; length < file.bytes.length; length++) {
      const result = decodeEnvelope(file.path, file.bytes.subarray(0, length), reader);
      expect(result, `cut at ${length}`).toMatchObject({ ok: false, kind: 'partial' });
    }
    expect(decodeEnvelope(file.path, file.bytes, reader).ok).toBe(true);
  });

  it('rejects every single flipped byte (the hash in the name catches it)', () => {
    const file = batch(8, fewKb(8));
    for (let i = 0; i < file.bytes.length; i++) {
      const flipped = Buffer.from(file.bytes);
      flipped[i]! ^= 0x01;
      const result = decodeEnvelope(file.path, flipped, reader);
      expect(result.ok, `byte ${i}`).toBe(false);
      expect(['partial', 'corrupt']).toContain(result.ok ? '' : result.kind);
    }
  });

  it('rejects a flipped byte even under a recomputed name (the signature catches it)', () => {
    const file = batch(9, fewKb(9));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: file.bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const flipped = Buffer.from(file.bytes);
        flipped[at]! ^= mask;
        const result = decodeEnvelope(renamed(file, flipped), flipped, reader);
        return !result.ok && ['partial', 'corrupt', 'bad-signature', 'newer-format'].includes(result.kind);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a device it does not know, and a file signed by another device', () => {
    const file = batch();
    expect(decodeEnvelope(file.path, file.bytes, { ...reader, signingKeyFor: () => undefined })).toMatchObject({ ok: false, kind: 'unknown-device' });
    const underBen = file.path.replace(ana.id, ben.id);
    expect(decodeEnvelope(underBen, file.bytes, reader)).toMatchObject({ ok: false, kind: 'bad-signature' });
  });

  it('says wrong-key without the key, or with another key under the same key id', () => {
    const file = batch();
    expect(decodeEnvelope(file.path, file.bytes, { ...reader, keyFor: () => undefined })).toMatchObject({ ok: false, kind: 'wrong-key' });
    expect(decodeEnvelope(file.path, file.bytes, { ...reader, keyFor: () => newSymmetricKey() })).toMatchObject({ ok: false, kind: 'wrong-key' });
  });

  it('says mismatch when the path, the team or the kind disagree with what is inside', () => {
    const file = batch(41);
    const asSeq42 = file.path.replace('0000000041', '0000000042');
    expect(decodeEnvelope(asSeq42, file.bytes, reader)).toMatchObject({ ok: false, kind: 'mismatch', detail: 'change 41 named 42' });
    expect(decodeEnvelope(file.path, file.bytes, { ...reader, teamId: v7() })).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(decodeEnvelope(file.path.replace(/^log\//, 'snapshots/'), file.bytes, reader)).toMatchObject({ ok: false, kind: 'mismatch' });
    // Ben re-signing Ana's batch under his own folder: his signature is fine, the device inside is not his.
    const sameKeyForBoth = { ...reader, signingKeyFor: () => ana.keys.publicKeys.signing };
    expect(decodeEnvelope(file.path.replace(ana.id, ben.id), file.bytes, sameKeyForBoth)).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(decodeEnvelope('log/not-a-device/0000000041.0123456789abcdef', file.bytes, reader)).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(decodeEnvelope(`${file.path} (1)`, file.bytes, reader)).toMatchObject({ ok: false, kind: 'mismatch' });
  });

  it('says newer-format for a version it does not know, so the caller waits for an upgrade', () => {
    const file = batch();
    const newer = Buffer.from(file.bytes);
    newer[4] = 2;
    expect(decodeEnvelope(renamed(file, newer), newer, reader)).toMatchObject({ ok: false, kind: 'newer-format' });
  });

  it('rejects bytes appended to a whole file', () => {
    const file = batch();
    const longer = Buffer.concat([file.bytes, Buffer.from([0])]);
    expect(decodeEnvelope(file.path, longer, reader)).toMatchObject({ ok: false, kind: 'corrupt' });
    expect(decodeEnvelope(renamed(file, longer), longer, reader)).toMatchObject({ ok: false, kind: 'corrupt' });
  });

  it('writes snapshots in the same envelope under snapshots/', () => {
    const state = { tables: { principles: [{ id: v7(), name: 'Ownership' }] } };
    const snapshot = encodeEnvelope({ kind: 'snapshot', teamId: t.teamId, deviceId: ben.id, seq: 120, createdAt: 1, sections: [{ keyId: t.keyId, key: t.key, payload: state }] }, ben.keys.secretKeys.signing);
    expect(snapshot.path).toMatch(new RegExp(`^snapshots/${ben.id}/0000000120\\.[0-9a-f]{16}$`));
    expect(decodeEnvelope(snapshot.path, snapshot.bytes, reader)).toMatchObject({ ok: true, value: { kind: 'snapshot', seq: 120, sections: [{ payload: state }] } });
  });

  it('opens only the sections whose keys this device holds (room for per-feedback keys)', () => {
    const feedbackKeyId = v7();
    const feedbackKey = newSymmetricKey();
    const file = encodeEnvelope(
      {
        kind: 'batch',
        teamId: t.teamId,
        deviceId: ana.id,
        seq: 3,
        createdAt: 1,
        sections: [
          { keyId: t.keyId, key: t.key, payload: { changes: ['team'] } },
          { keyId: feedbackKeyId, key: feedbackKey, payload: { changes: ['feedback'] } },
        ],
      },
      ana.keys.secretKeys.signing,
    );
    expect(decodeEnvelope(file.path, file.bytes, reader)).toMatchObject({ ok: false, kind: 'wrong-key', detail: `no key ${feedbackKeyId} on this device` });
    const both = { ...reader, keyFor: (id: string) => (id === t.keyId ? t.key : id === feedbackKeyId ? feedbackKey : undefined) };
    expect(decodeEnvelope(file.path, file.bytes, both)).toMatchObject({ ok: true, value: { sections: [{ payload: { changes: ['team'] } }, { keyId: feedbackKeyId, payload: { changes: ['feedback'] } }] } });
  });

  it('refuses to write what it could not read back', () => {
    const input = { teamId: t.teamId, deviceId: ana.id, createdAt: 1, keyId: t.keyId, key: t.key, payload: {} };
    expect(() => encodeBatchFile({ ...input, seq: 0 }, ana.keys.secretKeys.signing)).toThrow(RangeError);
    expect(() => encodeBatchFile({ ...input, seq: 1, deviceId: 'laptop' }, ana.keys.secretKeys.signing)).toThrow(TypeError);
    expect(() => encodeBatchFile({ ...input, seq: 1, payload: undefined }, ana.keys.secretKeys.signing)).toThrow(TypeError);
  });
});
