'use strict';
// A PouchDB server: express-pouchdb over LevelDB databases in DIR, on 127.0.0.1:PORT (0 picks a
// free port). Prints "ready port=N" once it listens; runs until killed.
//   node pouch-server.js PORT DIR
//
// Durability: the LevelDB adapter does not fsync per write (LevelDB's default sync=false), so an
// acknowledged write survives a process crash but not necessarily a power loss.

const path = require('path');
const express = require('express');
const expressPouchDB = require('express-pouchdb');
const PouchDB = require('pouchdb-node');
const { intArg, stringArg } = require('./common');

const port = intArg(0, 'PORT');
const dir = path.resolve(stringArg(1, 'DIR'));

const app = express();
// minimumForPouchDB serves only what replication needs (no Fauxton, no auth); the in-memory
// config keeps express-pouchdb from writing config.json into the working directory.
app.use('/', expressPouchDB(PouchDB.defaults({ prefix: dir + path.sep }), {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(dir, 'log.txt'),
}));
const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready port=${server.address().port}\n`);
});
server.on('error', (error) => {
  process.stderr.write(error.stack + '\n');
  process.exit(1);
});
