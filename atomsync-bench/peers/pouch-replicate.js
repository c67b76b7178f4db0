'use strict';
// Sync of DOCS docs through a PouchDB server at URL (pouch-server.js). Local database A in DIR is
// filled untimed with bulkDocs; then A.replicate.to(remote) is timed (push leg); then a fresh local
// database B replicates everything from the remote, timed (pull leg). Replication runs with
// PouchDB's defaults (batches of 100). Prints {"pushDocsPerSecond": ..., "pullDocsPerSecond": ...}.
//   node pouch-replicate.js URL DIR DOCS
//
// Durability: the local databases and the server's are LevelDB without fsync per write.

const path = require('path');
const PouchDB = require('pouchdb-node');
const { todo, intArg, stringArg, nowMs, emit, run } = require('./common');

const url = stringArg(0, 'URL');
const dir = path.resolve(stringArg(1, 'DIR'));
const docs = intArg(2, 'DOCS');
const FILL_BATCH = 1000;

async function timed(replication) {
  const start = nowMs();
  const result = await replication;
  return { seconds: (nowMs() - start) / 1000, result };
}

function requireComplete(leg, result) {
  if (!result.ok || result.docs_written !== docs) {
    throw new Error(`${leg}: wrote ${result.docs_written} of ${docs} docs, ok=${result.ok}`
        + ` errors=${JSON.stringify(result.errors)}`);
  }
}

run(async () => {
  const a = new PouchDB(path.join(dir, 'a'));
  for (let first = 0; first < docs; first += FILL_BATCH) {
    const batch = [];
    for (let n = first; n < Math.min(docs, first + FILL_BATCH); n++) {
      batch.push({ _id: 'todo-' + String(n).padStart(9, '0'), ...todo(n) });
    }
    await a.bulkDocs(batch);
  }
  const remote = new PouchDB(url + '/bench');
  await remote.info(); // creates the remote database outside the timed part

  const push = await timed(a.replicate.to(remote));
  requireComplete('push A -> server', push.result);

  const b = new PouchDB(path.join(dir, 'b'));
  const pull = await timed(b.replicate.from(remote));
  requireComplete('pull server -> B', pull.result);

  await Promise.all([a.close(), b.close(), remote.close()]);
  emit({
    pushDocsPerSecond: docs / push.seconds,
    pullDocsPerSecond: docs / pull.seconds,
    docs,
    pushSeconds: push.seconds,
    pullSeconds: pull.seconds,
  });
});
