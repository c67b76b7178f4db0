'use strict';
// Live propagation through a PouchDB server at URL: local databases A and B (in DIR) each run
// sync(remote, {live: true, retry: true}). One sample at a time: A puts a new doc carrying the
// sample number, and the sample ends when B's live changes feed delivers that doc; only then does
// the next put start. Prints {"samplesMs": [...]} without the WARMUP first samples.
//   node pouch-live.js URL DIR SAMPLES WARMUP
//
// Durability: LevelDB on both ends without fsync per write.

const path = require('path');
const PouchDB = require('pouchdb-node');
const { todo, intArg, stringArg, nowMs, emit, run } = require('./common');

const url = stringArg(0, 'URL');
const dir = path.resolve(stringArg(1, 'DIR'));
const samples = intArg(2, 'SAMPLES');
const warmUp = intArg(3, 'WARMUP');
const SAMPLE_TIMEOUT_MS = 10000;

run(async () => {
  const remote = new PouchDB(url + '/live');
  await remote.info();
  const a = new PouchDB(path.join(dir, 'a'));
  const b = new PouchDB(path.join(dir, 'b'));
  const syncs = [a, b].map((db) => db.sync(remote, { live: true, retry: true }));
  syncs.forEach((sync) => sync.on('error', (error) => process.stderr.write(`sync: ${error}\n`)));

  let waiting = null; // { seq, resolve } of the sample in flight
  const feed = b.changes({ since: 'now', live: true, include_docs: true });
  feed.on('change', (change) => {
    const at = nowMs();
    if (waiting && change.doc && change.doc.seq === waiting.seq) {
      waiting.resolve(at);
    }
  });
  feed.on('error', (error) => process.stderr.write(`changes: ${error}\n`));

  const samplesMs = [];
  for (let seq = 0; seq < warmUp + samples; seq++) {
    let timer;
    const seen = new Promise((resolve, reject) => {
      waiting = { seq, resolve };
      timer = setTimeout(() => reject(new Error(`B did not see sample ${seq} within `
          + `${SAMPLE_TIMEOUT_MS} ms`)), SAMPLE_TIMEOUT_MS);
    });
    const start = nowMs();
    await a.put({ _id: 'sample-' + String(seq).padStart(9, '0'), seq, ...todo(seq) });
    const end = await seen;
    clearTimeout(timer);
    if (seq >= warmUp) {
      samplesMs.push(end - start);
    }
  }

  feed.cancel();
  syncs.forEach((sync) => sync.cancel());
  await Promise.all([a.close(), b.close(), remote.close()]);
  emit({ samplesMs });
});
