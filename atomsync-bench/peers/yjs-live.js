'use strict';
// Live propagation through a Yjs server at URL (yjs-server.js, a ws:// address): two Y.Docs, each
// with a WebsocketProvider from y-websocket on the room "bench". One sample at a time: A sets the
// key "todo" of a Y.Map to a doc carrying the sample number, and the sample ends when B's observer
// on that map sees it; only then does the next set start. Prints {"samplesMs": [...]} without the
// WARMUP first samples.
//   node yjs-live.js URL SAMPLES WARMUP
//
// Durability: none; the server keeps the document in memory and the clients have no persistence.

const Y = require('yjs');
const WebSocket = require('ws');
const { WebsocketProvider } = require('y-websocket');
const { todo, intArg, stringArg, nowMs, emit, run, sleep } = require('./common');

const url = stringArg(0, 'URL');
const samples = intArg(1, 'SAMPLES');
const warmUp = intArg(2, 'WARMUP');
const SAMPLE_TIMEOUT_MS = 10000;
const CONNECT_TIMEOUT_MS = 10000;

function connect(doc) {
  // disableBc: both docs live in this one process, and Node has BroadcastChannel; without it the
  // update would reach B through the channel instead of through the server.
  const provider = new WebsocketProvider(url, 'bench', doc,
      { WebSocketPolyfill: WebSocket, disableBc: true });
  return provider;
}

async function awaitSynced(providers) {
  const deadline = nowMs() + CONNECT_TIMEOUT_MS;
  while (!providers.every((p) => p.synced)) {
    if (nowMs() > deadline) {
      throw new Error(`providers not synced with ${url} within ${CONNECT_TIMEOUT_MS} ms`);
    }
    await sleep(10);
  }
}

run(async () => {
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  const providers = [connect(docA), connect(docB)];
  await awaitSynced(providers);
  const mapA = docA.getMap('todos');
  const mapB = docB.getMap('todos');

  let waiting = null; // { seq, resolve } of the sample in flight
  mapB.observe(() => {
    const at = nowMs();
    const value = mapB.get('todo');
    if (waiting && value && value.seq === waiting.seq) {
      waiting.resolve(at);
    }
  });

  const samplesMs = [];
  for (let seq = 0; seq < warmUp + samples; seq++) {
    let timer;
    const seen = new Promise((resolve, reject) => {
      waiting = { seq, resolve };
      timer = setTimeout(() => reject(new Error(`B did not see sample ${seq} within `
          + `${SAMPLE_TIMEOUT_MS} ms`)), SAMPLE_TIMEOUT_MS);
    });
    const start = nowMs();
    mapA.set('todo', { seq, ...todo(seq) });
    const end = await seen;
    clearTimeout(timer);
    if (seq >= warmUp) {
      samplesMs.push(end - start);
    }
  }

  providers.forEach((provider) => provider.destroy());
  emit({ samplesMs });
});
