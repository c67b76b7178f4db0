'use strict';
// Shared by the peer scripts: the benchmark's documents, argument checks and the one result line.

const crypto = require('crypto');

/** A todo-like document of about 200 bytes as JSON, like the Java side's SampleDocs.todo(n). */
function todo(n) {
  return {
    text: 'Buy milk and bread for the weekend, item number ' + n,
    done: Math.random() < 0.5,
    tags: ['groceries', 'home'],
    priority: Math.floor(Math.random() * 5),
    owner: crypto.randomUUID(),
    created: new Date(1700000000000 + n * 1000).toISOString(),
  };
}

/** Returns the positional argument at index as a non-negative integer, or exits naming it. */
function intArg(index, name) {
  const value = Number(process.argv[2 + index]);
  if (!Number.isInteger(value) || value < 0) {
    fail(`${name} must be a non-negative integer, got '${process.argv[2 + index]}'`);
  }
  return value;
}

/** Returns the positional argument at index as a string, or exits naming it. */
function stringArg(index, name) {
  const value = process.argv[2 + index];
  if (!value) {
    fail(`${name} is missing`);
  }
  return value;
}

/** Milliseconds since an arbitrary origin, from the monotonic high-resolution clock. */
function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Prints the result as the script's last stdout line; the Java side parses only that line. */
function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Prints message to stderr and exits with status 1. */
function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}

/** Runs main, exiting 0 when it resolves and 1 with the stack on stderr when it rejects. */
function run(main) {
  main().then(
    () => process.exit(0),
    (error) => fail(error && error.stack ? error.stack : String(error)));
}

/** Resolves after ms milliseconds. */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { todo, intArg, stringArg, nowMs, emit, fail, run, sleep };
