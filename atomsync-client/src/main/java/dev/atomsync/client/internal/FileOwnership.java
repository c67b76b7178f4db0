package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proof that this {@code AtomSync} is the one owner of a local file: an exclusive lock on the
 * sibling file {@code <file>.lock}, plus an entry in a registry of the files this JVM owns.
 *
 * <p>Why a sibling file: the lock must not be taken on the database file itself, because Java
 * file locks are POSIX record locks on Linux and macOS, and closing any descriptor of a file drops
 * every such lock the process holds on it, SQLite's own included. Why the registry: the operating
 * system lock is per process, so it cannot tell two owners in the same JVM apart, and asking for it
 * twice there throws instead of failing cleanly. The registry is checked before the lock file is
 * even opened, for the same reason. The lock file is left behind on release: deleting it could let
 * two later owners lock two different files of the same name.
 */
final class FileOwnership implements AutoCloseable {
  private static final Set<Path> OWNED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private FileOwnership(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes ownership of {@code file}.
   *
   * @throws LocalStoreException when this JVM or another process owns the file, or its directory
   *     does not exist
   */
  static FileOwnership acquire(Path file) {
    Path key = canonical(file);
    if (!OWNED_IN_THIS_JVM.add(key)) {
      throw new LocalStoreException(
          "cannot open " + file + ": it is already open in this process; one local file has one"
              + " owner, so close the other AtomSync first or share it");
    }
    Path lockFile = key.resolveSibling(key.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new LocalStoreException(
            "cannot open " + file + ": another process has it open (it holds " + lockFile
                + "); one local file has one owner");
      }
      return new FileOwnership(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      OWNED_IN_THIS_JVM.remove(key);
      closeQuietly(channel, e);
      if (e instanceof LocalStoreException owned) {
        throw owned;
      }
      throw new LocalStoreException("cannot open " + file + ": cannot lock " + lockFile + ": " + e, e);
    }
  }

  private static Path canonical(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      if (Files.exists(absolute)) {
        return absolute.toRealPath();
      }
      Path parent = absolute.getParent();
      return parent.toRealPath().resolve(absolute.getFileName());
    } catch (NoSuchFileException e) {
      throw new LocalStoreException(
          "cannot open " + file + ": its directory " + absolute.getParent() + " does not exist", e);
    } catch (IOException e) {
      throw new LocalStoreException("cannot open " + file + ": " + e, e);
    }
  }

  private static void closeQuietly(FileChannel channel, Exception primary) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Gives up the file: releases the lock, then forgets it in this JVM. Idempotent. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      // The lock goes with the channel; nothing is left to release.
    } finally {
      OWNED_IN_THIS_JVM.remove(key);
    }
  }
}
