'use strict';
// Local writes: PouchDB put of new ~200-byte docs into a LevelDB database in DIR. CONCURRENCY put
// loops run in this one process, each awaiting its own put before the next (1 = one put at a
// time). A short untimed warm-up goes first. Prints {"docsPerSecond": ...}.
//   node pouch-put.js DIR DOCS CONCURRENCY
//
// Durability: LevelDB writes in PouchDB are not fsynced per put (LevelDB's default sync=false).

const path = require('path');
const PouchDB = require('pouchdb-node');
const { todo, intArg, stringArg, nowMs, emit, run } = require('./common');

const dir = path.resolve(stringArg(0, 'DIR'));
const docs = intArg(1, 'DOCS');
const concurrency = Math.max(1, intArg(2, 'CONCURRENCY'));
const WARM_UP = 500;

async function putLoops(db, first, count) {
  let next = first;
  const end = first + count;
  async function loop() {
    while (next < end) {
      const n = next++;
      await db.put({ _id: 'todo-' + String(n).padStart(9, '0'), ...todo(n) });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
}

run(async () => {
  const db = new PouchDB(path.join(dir, 'local'));
  await putLoops(db, 0, WARM_UP);
  const start = nowMs();
  await putLoops(db, WARM_UP, docs);
  const seconds = (nowMs() - start) / 1000;
  const info = await db.info();
  if (info.doc_count !== WARM_UP + docs) {
    throw new Error(`expected ${WARM_UP + docs} docs, the database has ${info.doc_count}`);
  }
  await db.close();
  emit({ docsPerSecond: docs / seconds, docs, concurrency, seconds });
});
