package dev.atomsync.client.internal;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.PulledPage;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two halves of a sync round for one atom, as PROTOCOL.md describes them: push the outbox
 * (acknowledging or settling each change), and pull until the server has no more (paging, and the
 * reset pass of Compaction); and, in place of a pull, applying the changes a live event carries.
 * Runs on the sync thread only; only {@link #fetch} and the transport's pushes also run on the
 * thread of an {@link Ahead}.
 */
final class SyncRound {

  /** Changes per push; the server takes up to 10,000. */
  static final int PUSH_BATCH = 1000;

  /**
   * Value bytes per push request at most (a single larger document goes alone): well under the
   * server's default 16 MiB body limit, whatever the wire format adds.
   */
  static final long PUSH_BYTES = 4L * 1024 * 1024;

  /** Documents per pull page. */
  static final int PULL_PAGE = 2000;

  private final RealSyncedAtom atom;
  private final String group;
  private final LocalStore store;
  private final Codec codec;
  private final SyncTransport transport;
  private final String clientId;
  private final ConflictStrategy strategy;
  // The group's position as last committed; only this round's thread moves it, so the store need
  // not be asked again before each push and pull.
  private volatile PullPosition known;

  SyncRound(RealSyncedAtom atom, SyncTransport transport, String clientId,
      ConflictStrategy strategy) {
    this.atom = atom;
    this.group = atom.group();
    this.store = atom.store();
    this.codec = atom.codec();
    this.transport = transport;
    this.clientId = clientId;
    this.strategy = strategy;
    this.known = store.position(group);
  }

  /** Returns the highest server seq this atom has applied, as far as the loop knows. */
  long knownCursor() {
    return known.cursor();
  }

  /**
   * Pushes every outbox entry, batch by batch, until the outbox has nothing left to send. One push
   * is on its way at a time, on a virtual thread ({@link Ahead}); the sync thread meanwhile takes
   * the next batch, and applies each answer while the next push is already on its way.
   *
   * @throws SyncException when a push fails; entries in flight stay so and are retried as they are
   */
  void pushAll() {
    ArrayDeque<List<OutboxEntry>> requests = new ArrayDeque<>();
    queue(requests, store.takeForPush(group, PUSH_BATCH));
    List<OutboxEntry> sending = requests.poll();
    if (sending == null) {
      return;
    }
    Ahead<PushResponse> answer = send(sending);
    try {
      while (true) {
        if (requests.isEmpty()) {
          // While a push is on its way, take the next one (entries not in flight only), and send
          // it as soon as the answer is in, before applying that answer: the server's work and
          // the client's overlap.
          queue(requests, store.takeMoreForPush(group, PUSH_BATCH));
        }
        PushResponse response = answer.await();
        answer = null;
        List<OutboxEntry> following = requests.poll();
        if (following != null) {
          answer = send(following);
        }
        settle(sending, response);
        if (following == null) {
          // Nothing is on its way now, so take with retries: entries a failed round left in flight,
          // taken but never sent, go again, and so do the writes made meanwhile.
          queue(requests, store.takeForPush(group, PUSH_BATCH));
          following = requests.poll();
          if (following == null) {
            return;
          }
          answer = send(following);
        }
        sending = following;
      }
    } finally {
      if (answer != null) {
        // Failing: the entries of the push still on its way stay in flight, retried next round;
        // wait for it so that the next round does not send them while they are still out. (When
        // the sync thread was interrupted, the push was cancelled instead; a retry of changes the
        // server may have applied is harmless, their ids make it so.)
        answer.awaitQuietly();
      }
    }
  }

  /** Adds the requests of a taken {@code batch} to {@code requests}. */
  private static void queue(ArrayDeque<List<OutboxEntry>> requests, List<OutboxEntry> batch) {
    if (!batch.isEmpty()) {
      requests.addAll(byBytes(batch));
    }
  }

  private Ahead<PushResponse> send(List<OutboxEntry> request) {
    return Ahead.start("atomsync-push-" + group,
        "push of " + request.size() + " changes to \"" + group + "\"",
        () -> transport.push(group, clientId, request, codec));
  }

  /** Splits in-flight entries into requests of at most {@link #PUSH_BYTES} of values each. */
  private static List<List<OutboxEntry>> byBytes(List<OutboxEntry> batch) {
    List<List<OutboxEntry>> requests = new ArrayList<>();
    List<OutboxEntry> request = new ArrayList<>();
    long bytes = 0;
    for (OutboxEntry entry : batch) {
      long size = entry.value() == null ? 0 : entry.value().length;
      if (!request.isEmpty() && bytes + size > PUSH_BYTES) {
        requests.add(request);
        request = new ArrayList<>();
        bytes = 0;
      }
      request.add(entry);
      bytes += size;
    }
    requests.add(request);
    return requests;
  }

  private void settle(List<OutboxEntry> batch, PushResponse response) {
    Map<String, OutboxEntry> unanswered = new LinkedHashMap<>();
    for (OutboxEntry entry : batch) {
      unanswered.put(entry.id(), entry);
    }
    List<Ack> acks = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (PushResult result : response.results()) {
      OutboxEntry entry = unanswered.remove(result.id());
      if (entry == null) {
        continue;
      }
      switch (result) {
        case PushResult.Ok ok -> {
          acks.add(new Ack(entry.id(), entry.change(), ok.version()));
          seqs.add(ok.seq());
        }
        case PushResult.Conflict conflict -> rejected.add(new Rejected(entry, conflict.doc()));
      }
    }
    if (!unanswered.isEmpty()) {
      // The entries stay in flight and go again unchanged; without this check they would be
      // taken again at once, forever.
      throw new SyncException(
          "the server answered a push without results for " + unanswered.keySet(), 200, null);
    }
    if (!acks.isEmpty()) {
      atom.applyFromServer(() -> store.acknowledge(group, acks), Map.of());
    }
    if (response.since() != PushResponse.NO_SINCE) {
      skipOwnWrites(response);
    } else if (!acks.isEmpty()) {
      skipOwnWrites(seqs, response.cursor());
    }
    for (Rejected conflict : rejected) {
      settle(conflict.entry(), conflict.doc());
    }
  }

  /**
   * Moves the cursor past this push's own writes when the server says they were all of the group's
   * changes after a seq this client has reached (PROTOCOL.md, Push, amended): every write in
   * between went to other groups, so a pull would only bring back what this client holds.
   */
  private void skipOwnWrites(PushResponse response) {
    PullPosition position = known;
    if (position.cursor() >= response.since() && response.cursor() > position.cursor()) {
      apply(List.of(), Map.of(), new PullPosition(response.cursor(), position.horizon()), false);
    }
  }

  /**
   * Applies the changes a live event carries, through the same path as a pulled page, when they
   * start at or before this atom's cursor (PROTOCOL.md, Live changes, amended); the docs this
   * atom already has are skipped. Returns false when they start after it: the changes in between
   * are unknown, and only a pull may move the cursor past them. An event at or below the cursor
   * has nothing new and returns true.
   */
  boolean applyCarried(ChangeEvent event) {
    PullPosition position = known;
    if (event.cursor() <= position.cursor()) {
      return true;
    }
    if (!event.appliesAt(position.cursor())) {
      return false;
    }
    List<RemoteDoc> docs = new ArrayList<>(event.docs().size());
    Map<String, Object> values = new HashMap<>();
    for (Doc doc : event.docs()) {
      if (doc.seq() > position.cursor()) {
        docs.add(remote(doc, values));
      }
    }
    apply(docs, values, new PullPosition(event.cursor(), position.horizon()), false);
    return true;
  }

  /**
   * For a server that does not send {@code :since}: moves the cursor past this push's own writes
   * when they took exactly the seqs that follow it
   * (seqs are global, so nobody else wrote anything in between), sparing the pull that would only
   * bring them back. Any gap, a retried push's old seqs included, leaves the cursor to the pull.
   */
  private void skipOwnWrites(List<Long> seqs, long cursor) {
    PullPosition position = known;
    if (cursor != position.cursor() + seqs.size()) {
      return;
    }
    List<Long> sorted = new ArrayList<>(seqs);
    sorted.sort(null);
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i) != position.cursor() + 1 + i) {
        return;
      }
    }
    apply(List.of(), Map.of(), new PullPosition(cursor, position.horizon()), false);
  }

  /** A pushed change the server rejected as stale, with the server's document. */
  private record Rejected(OutboxEntry entry, @Nullable Doc doc) {}

  private void settle(OutboxEntry entry, @Nullable Doc doc) {
    String id = entry.id();
    Object remote = doc == null || doc.deleted() ? null : StoredFormat.freezeOwned(doc.value());
    RemoteDoc server = doc == null ? RemoteDoc.absent(id)
        : new RemoteDoc(id, remote == null ? null : encode(id, remote), doc.version());
    Conflict settled = atom.settle(entry, server, remote, strategy);
    atom.conflictListeners().fire(listener -> listener.conflict(atom, settled));
  }

  /**
   * Pulls and applies pages until the server has no more; each page is committed with its cursor,
   * and a reset pass is collected whole and applied in one transaction at its end. While a page is
   * applied, the next one is already fetched and decoded on a virtual thread ({@link Ahead}),
   * so the server's work and the client's overlap on long pulls; a single page is fetched on the
   * sync thread itself.
   *
   * @throws SyncException when a pull fails; what was applied before stays applied
   */
  void pullAll() {
    PullPosition position = known;
    List<RemoteDoc> resetDocs = null;
    Map<String, Object> resetValues = null;
    Page page = fetch(position.cursor(), position.horizon());
    Ahead<Page> ahead = null;
    try {
      while (true) {
        PullResponse response = page.response();
        ahead = response.more()
            ? Ahead.start("atomsync-pull-ahead-" + group, "pull of \"" + group + "\"",
                () -> fetch(response.cursor(), response.horizon()))
            : null;
        if (response.reset() && resetDocs == null) {
          resetDocs = new ArrayList<>();
          resetValues = new HashMap<>();
        }
        if (resetDocs != null) {
          resetDocs.addAll(page.docs());
          resetValues.putAll(page.values());
          if (!response.more()) {
            apply(resetDocs, resetValues,
                new PullPosition(response.cursor(), response.horizon()), true);
            return;
          }
        } else {
          // The horizon is stored only when a pass ends (PROTOCOL.md, Compaction).
          PullPosition next = new PullPosition(response.cursor(),
              response.more() ? position.horizon() : response.horizon());
          apply(page.docs(), page.values(), next, false);
          if (!response.more()) {
            return;
          }
        }
        page = ahead.await();
        ahead = null;
      }
    } finally {
      if (ahead != null) {
        ahead.cancel();
      }
    }
  }

  /** A pulled page with its documents made ready for the store and for the atom. */
  record Page(PullResponse response, List<RemoteDoc> docs, Map<String, Object> values) {}

  /** Pulls one page after {@code since} and prepares its documents; any thread may call it. */
  private Page fetch(long since, long horizon) {
    PulledPage page = transport.pullStored(group, since, horizon, PULL_PAGE, codec);
    List<Doc> docs = page.response().docs();
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      if (page.stored().get(i).value() != null) {
        values.put(docs.get(i).id(), StoredFormat.freezeOwned(docs.get(i).value()));
      }
    }
    return new Page(page.response(), page.stored(), values);
  }

  private RemoteDoc remote(Doc doc, Map<String, Object> values) {
    if (doc.deleted() || doc.value() == null) {
      return new RemoteDoc(doc.id(), null, doc.version());
    }
    Object value = StoredFormat.freezeOwned(doc.value());
    values.put(doc.id(), value);
    return new RemoteDoc(doc.id(), encode(doc.id(), value), doc.version());
  }

  private void apply(List<RemoteDoc> docs, Map<String, Object> values, PullPosition next,
      boolean reset) {
    atom.applyFromServer(() -> store.applyPull(group, docs, next, reset), values);
    known = next;
  }

  private byte[] encode(String id, @Nullable Object value) {
    return Writes.encode(codec, id, value);
  }
}
