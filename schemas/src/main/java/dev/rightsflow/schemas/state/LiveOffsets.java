package dev.rightsflow.schemas.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets follow effects, live (see {@link ProjectionState}): per consumer thread, the partitions whose
 * records were folded since their offsets were last stored and the sends those records started. At the
 * end of each poll (and before a consumer gives partitions up) the sends are awaited, then each
 * partition's next offset is stored in one bulk write; a send that failed stores nothing and seeks the
 * partitions back, so their records are handled (and sent) again. Offsets folded before a rebuild are
 * never stored after it.
 */
final class LiveOffsets {

    private static final Logger log = LoggerFactory.getLogger(LiveOffsets.class);
    /** How long the end of a poll waits for the acknowledgements of the sends its records started. */
    private static final long SENDS_WAIT_SECONDS = 150;

    /** A partition's records folded live and not yet stored: from {@code first} up to {@code next}. */
    private static final class Unstored {
        final String group;
        final TopicPartition partition;
        final long first;
        final int generation;
        long next;

        Unstored(String group, TopicPartition partition, long first, int generation) {
            this.group = group;
            this.partition = partition;
            this.first = first;
            this.generation = generation;
        }
    }

    private final String service;
    private final ProjectionProgress progress;
    /** Bumped by a rebuild: offsets folded before it are never stored after it. */
    private volatile int generation;
    private final ThreadLocal<Map<String, Unstored>> unstored = ThreadLocal.withInitial(LinkedHashMap::new);
    private final ThreadLocal<List<CompletableFuture<?>>> sends = ThreadLocal
            .withInitial(() -> Collections.synchronizedList(new ArrayList<>()));

    LiveOffsets(String service, ProjectionProgress progress) {
        this.service = service;
        this.progress = progress;
    }

    /** A rebuild starts: what was folded before it is not stored. */
    void forget() {
        generation++;
    }

    /** The sends the records of this thread's current poll started (see {@link ProjectionState#sendsOfThisPoll}). */
    List<CompletableFuture<?>> sends() {
        return sends.get();
    }

    /** A record was folded live on this thread. */
    void folded(String group, TopicPartition tp, long offset) {
        Unstored u = unstored.get().computeIfAbsent(CatchUp.key(group, tp), k -> new Unstored(group, tp, offset, generation));
        u.next = Math.max(u.next, offset + 1);
    }

    /** Awaits this thread's sends, then stores the next offset of every partition it folded live since the last time. */
    void store(Consumer<?, ?> consumer) {
        Map<String, Unstored> folded = unstored.get();
        List<CompletableFuture<?>> started = sends.get();
        CompletableFuture<?>[] awaited;
        synchronized (started) {
            awaited = started.toArray(CompletableFuture<?>[]::new);
            started.clear();
        }
        if (folded.isEmpty() && awaited.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(awaited).get(SENDS_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            folded.clear();
            return;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: a send started by the records just handled failed ({}); they are handled again", service,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
            folded.values().forEach(u -> consumer.seek(u.partition, u.first));
            folded.clear();
            return;
        }
        int current = generation;
        List<ProjectionProgress.Next> offsets = folded.values().stream().filter(u -> u.generation == current)
                .map(u -> new ProjectionProgress.Next(u.group, u.partition.topic(), u.partition.partition(), u.next))
                .toList();
        folded.clear();
        try {
            // one command, sent after every effect of these records was acknowledged: a checkpoint that holds it holds
            // them (the embedded store applies each command whole under StateLock's fold side)
            progress.saveAll(offsets);
        } catch (RuntimeException e) {
            // the effects are in the store; the offsets stay behind them, so a restart folds these records again
            log.warn("{}: storing the offsets of the records just handled failed ({}); they are stored with the next ones",
                    service, e.toString());
        }
    }
}
