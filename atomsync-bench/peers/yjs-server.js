'use strict';
// A Yjs server: y-websocket's shared-document handler (@y/websocket-server's setupWSConnection)
// behind a ws server on 127.0.0.1:PORT (0 picks a free port). Prints "ready port=N" once it
// listens; runs until killed.
//   node yjs-server.js PORT
//
// Durability: none; documents live in this process's memory only (YPERSISTENCE is not set).
//
// @y/websocket-server is pinned to 0.1.1: 0.1.5 depends on a yjs 14 pre-release, while the
// y-websocket 3.1.0 clients run yjs 13; 0.1.1 shares the one yjs 13.6.33 with them.

const http = require('http');
const { WebSocketServer } = require('ws');
const { setupWSConnection } = require('@y/websocket-server/utils');
const { intArg } = require('./common');

const port = intArg(0, 'PORT');

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready port=${server.address().port}\n`);
});
server.on('error', (error) => {
  process.stderr.write(error.stack + '\n');
  process.exit(1);
});
