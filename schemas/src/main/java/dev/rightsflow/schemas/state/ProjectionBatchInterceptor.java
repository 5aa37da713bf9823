package dev.rightsflow.schemas.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What {@link ProjectionState} does around every batch of a batch listener
 * ({@link ProjectionState#configureBatch}): while catching up, each partition's records from the
 * first one past its noted end are taken out of the batch and the partition is held back there
 * ({@link CatchUp#holdBack}; the rest of the batch goes on); its records count as folded once the listener returned, or,
 * when it failed at a record ({@link ProjectionState#failedAt}), those before that record, and the
 * holds the batch made are let go (the error handler seeks those partitions back); at the end of each
 * poll the offsets folded live are stored ({@code ProjectionState.storeFolded}). It also owns the rule
 * that a batch failure naming no record is a failure of the batch's first record
 * ({@link #namingTheFailedRecord}). One instance serves every consumer thread of a factory: its state
 * is per thread.
 */
final class ProjectionBatchInterceptor<V> implements BatchInterceptor<String, V> {

    /** Per consumer thread: the records of the batch being handled, as the listener got them. */
    private static final ThreadLocal<List<ConsumerRecord<?, ?>>> BATCH = new ThreadLocal<>();
    /** Per consumer thread: the partitions the batch being handled held back. */
    private static final ThreadLocal<List<TopicPartition>> HELD_BY_BATCH = ThreadLocal.withInitial(ArrayList::new);

    private final ProjectionState state;
    private final CatchUp catchUp;

    ProjectionBatchInterceptor(ProjectionState state, CatchUp catchUp) {
        this.state = state;
        this.catchUp = catchUp;
    }

    @Override
    public ConsumerRecords<String, V> intercept(ConsumerRecords<String, V> records, Consumer<String, V> consumer) {
        String group = consumer.groupMetadata().groupId();
        ConsumerRecords<String, V> kept = records;
        if (state.catchingUp()) {
            Map<TopicPartition, List<ConsumerRecord<String, V>>> keep = new LinkedHashMap<>();
            boolean cut = false;
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, V>> list = records.records(tp);
                Long end = catchUp.end(group, tp);
                int upTo = 0;
                while (end != null && upTo < list.size() && list.get(upTo).offset() < end) {
                    upTo++;
                }
                if (upTo < list.size()) {
                    boolean alreadyHeld = catchUp.heldAt(group, tp) != null;
                    // past the history: held back until the service is live, the rest goes on
                    if (catchUp.holdBack(consumer, group, tp, list.get(upTo).offset(), state::catchingUp) != null) {
                        if (!alreadyHeld) {
                            HELD_BY_BATCH.get().add(tp);
                        }
                        list = list.subList(0, upTo);
                        cut = true;
                    }
                }
                if (!list.isEmpty()) {
                    keep.put(tp, list);
                }
            }
            if (cut) {
                if (keep.isEmpty()) {
                    HELD_BY_BATCH.get().clear();
                    return null;
                }
                kept = new ConsumerRecords<>(keep, Map.of());
            }
        }
        List<ConsumerRecord<?, ?>> batch = new ArrayList<>(kept.count());
        kept.forEach(batch::add);
        BATCH.set(batch);
        ProjectionState.CURRENT_GROUP.set(group);
        return kept;
    }

    @Override
    public void success(ConsumerRecords<String, V> records, Consumer<String, V> consumer) {
        String group = consumer.groupMetadata().groupId();
        HELD_BY_BATCH.get().clear();
        records.forEach(r -> state.folded(group, r));
    }

    @Override
    public void failure(ConsumerRecords<String, V> records, Exception exception, Consumer<String, V> consumer) {
        String group = consumer.groupMetadata().groupId();
        BatchListenerFailedException failed = failedRecord(exception);
        if (failed != null) {
            ConsumerRecord<?, ?> at = failed.getRecord();
            int index = 0;
            for (ConsumerRecord<String, V> r : records) {
                if (at == null ? index++ >= failed.getIndex() : r.topic().equals(at.topic())
                        && r.partition() == at.partition() && r.offset() == at.offset()) {
                    break;
                }
                state.folded(group, r);
            }
        }
        // the error handler seeks the partitions after the failed record back: holds made by
        // this batch are let go, and the next poll holds them again where they then are
        catchUp.release(consumer, group, HELD_BY_BATCH.get());
        HELD_BY_BATCH.get().clear();
    }

    /** Before every poll: partitions held back at their assignment are resumed once let go ({@link CatchUp#resumeReleased}). */
    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        catchUp.resumeReleased(consumer);
    }

    /** After every poll's batch (and after a failure or a stop): their offsets go to the store. */
    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        BATCH.remove();
        ProjectionState.CURRENT_GROUP.remove();
        state.storeFolded(consumer);
    }

    /** See {@link ProjectionState#namingTheFailedRecord}. */
    static Exception namingTheFailedRecord(Exception thrown, ConsumerRecords<?, ?> data) {
        if (failedRecord(thrown) != null) {
            return thrown;
        }
        List<ConsumerRecord<?, ?>> batch = BATCH.get();
        ConsumerRecord<?, ?> first = batch != null && !batch.isEmpty() ? batch.get(0)
                : data.isEmpty() ? null : data.iterator().next();
        return first == null ? thrown : ProjectionState.failedAt(first, thrown);
    }

    private static BatchListenerFailedException failedRecord(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchListenerFailedException f) {
                return f;
            }
        }
        return null;
    }
}
