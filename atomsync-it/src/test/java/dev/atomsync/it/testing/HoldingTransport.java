package dev.atomsync.it.testing;

import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.server.InProcessTransport;
import dev.atomsync.server.SyncService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport straight into a real server's {@link SyncService} that counts its pulls and can hold
 * live events back: delivered later in order, or never, so that a test decides what a client hears
 * and when.
 */
public final class HoldingTransport implements SyncTransport {
  private final InProcessTransport delegate;
  private final AtomicInteger pulls = new AtomicInteger();
  private final List<Runnable> held = new ArrayList<>(); // guarded by this
  private boolean holding; // guarded by this

  /** Returns a transport into {@code service} that writes as {@code author}. */
  public HoldingTransport(SyncService service, String author) {
    this.delegate = InProcessTransport.over(service, author);
  }

  /** Returns how many pulls went through this transport. */
  public int pulls() {
    return pulls.get();
  }

  /** Keeps every live event from now on until {@link #release} or {@link #drop}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Returns how many events are held. */
  public synchronized int heldCount() {
    return held.size();
  }

  /** Delivers the held events in the order they came, then lets events through again. */
  public void release() {
    List<Runnable> deliver;
    synchronized (this) {
      deliver = new ArrayList<>(held);
      held.clear();
      holding = false;
    }
    deliver.forEach(Runnable::run);
  }

  /** Forgets the held events, as if they were lost, and lets events through again. */
  public synchronized void drop() {
    held.clear();
    holding = false;
  }

  @Override
  public PullResponse pull(String group, long since, long horizon, int limit) {
    pulls.incrementAndGet();
    return delegate.pull(group, since, horizon, limit);
  }

  @Override
  public PushResponse push(PushRequest request) {
    return delegate.push(request);
  }

  @Override
  public Registration subscribe(String group, EventListener listener) {
    return delegate.subscribe(group, new EventListener() {
      @Override
      public void connected() {
        listener.connected();
      }

      @Override
      public void changed(long cursor) {
        pass(() -> listener.changed(cursor));
      }

      @Override
      public void changed(ChangeEvent event) {
        pass(() -> listener.changed(event));
      }

      @Override
      public void disconnected(SyncException cause) {
        listener.disconnected(cause);
      }
    });
  }

  private void pass(Runnable delivery) {
    synchronized (this) {
      if (holding) {
        held.add(delivery);
        return;
      }
    }
    delivery.run();
  }
}
