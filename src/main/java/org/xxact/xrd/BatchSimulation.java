package org.xxact.xrd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

/**
 * Simulates the patterns of every structure of a {@link StructureSource} on several threads, handing results back in
 * input order (so that output files are the same whatever the thread count) with bounded memory.
 *
 * <p>The calling thread reads records and groups them into chunks of {@link #CHUNK_SIZE}; worker threads simulate the
 * chunks; the calling thread takes finished chunks in order and passes every outcome to the {@link Listener}. At most
 * {@link #CHUNKS_IN_FLIGHT_PER_THREAD} chunks per thread are pending, so a source of any size streams through. A record
 * the reader rejected, or whose pattern cannot be computed (an element without scattering coefficients), reaches the
 * listener as a {@link RejectedRecord} with its reason; nothing is dropped.
 */
public final class BatchSimulation {
  /** Records per task: large enough to amortise the hand-off, small enough to balance the threads. */
  public static final int CHUNK_SIZE = 32;

  /** Pending chunks per worker thread: keeps every worker busy while the reader and the listener run. */
  public static final int CHUNKS_IN_FLIGHT_PER_THREAD = 4;

  /** Receives the outcomes of a batch, in input order, on the thread that called {@link #run}. */
  public interface Listener {
    /** A structure and its pattern. */
    void simulated(StructureRecord record, DiffractionPattern pattern);

    /** A record that could not be read or simulated. */
    void rejected(RejectedRecord reject);

    /** Called after each chunk with the running counts. */
    default void progress(long simulated, long rejected) {}
  }

  /**
   * Counts of one run.
   *
   * @param simulated structures with a pattern
   * @param rejected records rejected
   */
  public record Summary(long simulated, long rejected) {}

  private final XrdCalculator calculator;
  private final int threads;

  /**
   * @param calculator the pattern settings
   * @param threads worker threads, at least 1 (1 runs everything on the calling thread)
   */
  public BatchSimulation(XrdCalculator calculator, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.calculator = calculator;
    this.threads = threads;
  }

  /** One record's outcome: a pattern, or the reason it has none. */
  private record Outcome(StructureRecord record, DiffractionPattern pattern, RejectedRecord reject) {}

  /**
   * Simulates every record of the source; the source is read to its end but not closed.
   *
   * @return the counts
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Summary run(StructureSource source, Listener listener) throws InterruptedException {
    long[] counts = new long[2];
    if (threads == 1) {
      while (source.hasNext()) {
        List<RecordResult> chunk = nextChunk(source);
        deliver(simulate(chunk), listener, counts);
      }
      return new Summary(counts[0], counts[1]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      Deque<Future<List<Outcome>>> pending = new ArrayDeque<>();
      int maxPending = threads * CHUNKS_IN_FLIGHT_PER_THREAD;
      while (source.hasNext()) {
        List<RecordResult> chunk = nextChunk(source);
        pending.addLast(pool.submit(() -> simulate(chunk)));
        if (pending.size() >= maxPending) {
          deliver(take(pending.removeFirst()), listener, counts);
        }
      }
      while (!pending.isEmpty()) {
        deliver(take(pending.removeFirst()), listener, counts);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Summary(counts[0], counts[1]);
  }

  private static List<RecordResult> nextChunk(StructureSource source) {
    List<RecordResult> chunk = new ArrayList<>(CHUNK_SIZE);
    while (chunk.size() < CHUNK_SIZE && source.hasNext()) {
      chunk.add(source.next());
    }
    return chunk;
  }

  private List<Outcome> simulate(List<RecordResult> chunk) {
    List<Outcome> out = new ArrayList<>(chunk.size());
    for (RecordResult r : chunk) {
      if (r instanceof RejectedRecord rej) {
        out.add(new Outcome(null, null, rej));
      } else if (r instanceof StructureRecord s) {
        try {
          out.add(new Outcome(s, calculator.calculate(s.structure()), null));
        } catch (IllegalArgumentException ex) {
          out.add(new Outcome(null, null, new RejectedRecord(s.source(), s.id(), s.line(), ex.getMessage())));
        }
      }
    }
    return out;
  }

  private static List<Outcome> take(Future<List<Outcome>> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static void deliver(List<Outcome> outcomes, Listener listener, long[] counts) {
    for (Outcome o : outcomes) {
      if (o.reject() != null) {
        counts[1]++;
        listener.rejected(o.reject());
      } else {
        counts[0]++;
        listener.simulated(o.record(), o.pattern());
      }
    }
    listener.progress(counts[0], counts[1]);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "xrd-simulation-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
