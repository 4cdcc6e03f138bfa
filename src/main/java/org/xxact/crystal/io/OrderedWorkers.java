package org.xxact.crystal.io;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs record conversions (text to structure) on worker threads while the reading thread goes on splitting the input,
 * and hands the results back strictly in input order. At most {@link #LOOKAHEAD_PER_THREAD} conversions per thread are
 * in flight, so memory stays bounded. The pool is shared by all readers and its threads are daemons.
 */
final class OrderedWorkers {
  /** Conversions queued per worker thread: enough to keep workers busy, few enough to bound memory. */
  static final int LOOKAHEAD_PER_THREAD = 64;

  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t = new Thread(r, "xxact-structure-reader");
            t.setDaemon(true);
            return t;
          });

  private final Deque<Future<RecordResult>> inFlight = new ArrayDeque<>();

  /** Whether more conversions may be queued before the oldest result is taken. */
  boolean hasRoom() {
    return inFlight.size() < THREADS * LOOKAHEAD_PER_THREAD;
  }

  boolean isEmpty() {
    return inFlight.isEmpty();
  }

  void submit(Callable<RecordResult> conversion) {
    inFlight.addLast(POOL.submit(conversion));
  }

  /** The oldest result, waiting for it if needed; a conversion's unchecked failure is rethrown as is. */
  RecordResult take() {
    Future<RecordResult> f = inFlight.pollFirst();
    try {
      return f.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading structures", ex);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (ex.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(ex.getCause());
    }
  }

  /** Drops queued conversions (the reader is closed early). */
  void cancel() {
    for (Future<RecordResult> f : inFlight) {
      f.cancel(false);
    }
    inFlight.clear();
  }
}
