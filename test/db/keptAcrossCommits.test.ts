import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadableDB } from '../../db/handles';
import { afterCommit, beforeWrite, mayChange, topicVersion, untoldCommits, type Topic } from '../../core/server/keptAcrossCommits';

describe('mayChange: which committed writes can change a kept value', () => {
  const cases: [Topic, string, string[], boolean][] = [
    // Choosing "me" and a draft's autosave change neither the report nor who may read what.
    ['calibration', 'settings.setMe', ['settings'], false],
    ['calibration', 'feedback.saveDraft', ['feedback'], false],
    ['readableEvidence', 'feedback.saveDraft', ['feedback'], false],
    ['calibration', 'debrief.saveNotes', ['loop'], false],
    ['calibration', 'practice.write', ['practice'], false],
    // What the report counts or names.
    ['calibration', 'feedback.submit', ['feedback'], true],
    ['calibration', 'feedback.amend', ['feedback'], true],
    ['calibration', 'decision.decide', ['loop'], true],
    ['calibration', 'decision.reopen', ['loop'], true],
    ['calibration', 'debrief.revote', ['loop'], true],
    ['calibration', 'checkins.record', ['loop'], true],
    ['calibration', 'questions.update', ['question'], true],
    ['calibration', 'team.update', ['team_member'], true],
    ['calibration', 'privacy.eraseCandidate', ['candidate'], true],
    // A question's text is in the report, not in who may read which evidence.
    ['readableEvidence', 'questions.update', ['question'], false],
    ['readableEvidence', 'feedback.submit', ['feedback'], true],
    ['readableEvidence', 'loops.plan', ['loop'], true],
    ['readableEvidence', 'team.update', ['team_member'], true],
    // Anything unknown, or a write that may have touched anything, counts as a change.
    ['calibration', 'sync.apply', ['*'], true],
    ['readableEvidence', 'transfer.import', ['workspace'], true],
    ['calibration', 'loops.transition', ['loop'], true],
  ];
  it.each(cases)('%s after %s (%j): %s', (topic, method, entities, expected) => {
    expect(mayChange(topic, method, entities)).toBe(expected);
  });
});

describe('topicVersion: a key per topic that only the commits that may change it move', () => {
  let dir: string;
  let writer: Database.Database;
  let reader: ReadableDB;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'principled-kept-'));
    const file = join(dir, 'db.sqlite');
    writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (x INTEGER)');
    reader = new Database(file, { readonly: true }) as unknown as ReadableDB;
  });
  afterEach(() => {
    (reader as unknown as Database.Database).close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A write of this thread, told to the tracker as the workspace does. */
  const write = (method: string, entities: string[]) => {
    const before = beforeWrite(reader);
    writer.exec('INSERT INTO t VALUES (1)');
    afterCommit(reader, before, method, entities);
  };

  it('keeps a topic across a write that cannot change it, and moves only the topics a write may change', () => {
    const report = topicVersion(reader, 'calibration');
    const evidence = topicVersion(reader, 'readableEvidence');
    write('settings.setMe', ['settings']);
    expect(topicVersion(reader, 'calibration')).toBe(report);
    expect(topicVersion(reader, 'readableEvidence')).toBe(evidence);
    write('questions.update', ['question']);
    const reportAfterQuestion = topicVersion(reader, 'calibration');
    expect(reportAfterQuestion).not.toBe(report);
    expect(topicVersion(reader, 'readableEvidence')).toBe(evidence);
    write('feedback.submit', ['feedback']);
    expect(topicVersion(reader, 'calibration')).not.toBe(reportAfterQuestion);
    expect(topicVersion(reader, 'readableEvidence')).not.toBe(evidence);
  });

  it('moves every topic after a commit it was not told about, even when a known harmless write follows it', () => {
    const report = topicVersion(reader, 'calibration');
    const evidence = topicVersion(reader, 'readableEvidence');
    const untold = untoldCommits(reader);
    write('feedback.submit', ['feedback']);
    expect(untoldCommits(reader)).toBe(untold);
    // Another connection (the worker's import, a sync) commits; then this thread chooses "me".
    const other = new Database(writer.name);
    other.exec('INSERT INTO t VALUES (2)');
    other.close();
    write('settings.setMe', ['settings']);
    expect(topicVersion(reader, 'calibration')).not.toBe(report);
    expect(topicVersion(reader, 'readableEvidence')).not.toBe(evidence);
    // The calibration's loop facts are then read afresh for every loop: the count of untold commits moved.
    expect(untoldCommits(reader)).toBe(untold + 1);
  });
});
