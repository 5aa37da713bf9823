package dev.rightsflow.schemas.state;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * What {@link ProjectionState} does around every record of a record listener
 * ({@link ProjectionState#configure}): while catching up, a record at or past its partition's noted
 * end is not handed to the listener and the partition is held back there until the service is live
 * ({@link CatchUp#holdBack}; the consumer's other partitions go on); a handed record counts as folded
 * once the listener returned; at the end of
 * each poll the offsets folded live are stored ({@code ProjectionState.storeFolded}). One instance
 * serves every consumer thread of a factory: its state is per thread.
 */
final class ProjectionRecordInterceptor<V> implements RecordInterceptor<String, V> {

    /** Per consumer thread: the record being intercepted was held back, not handed to the listener. */
    private static final ThreadLocal<Boolean> SKIPPED = new ThreadLocal<>();

    private final ProjectionState state;
    private final CatchUp catchUp;

    ProjectionRecordInterceptor(ProjectionState state, CatchUp catchUp) {
        this.state = state;
        this.catchUp = catchUp;
    }

    @Override
    public ConsumerRecord<String, V> intercept(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
        String group = consumer.groupMetadata().groupId();
        if (state.catchingUp()) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            Long end = catchUp.end(group, tp);
            if ((end == null || record.offset() >= end)
                    && catchUp.holdBack(consumer, group, tp, record.offset(), state::catchingUp) != null) {
                // spring-kafka still calls success and afterRecord for a skipped record
                SKIPPED.set(Boolean.TRUE);
                return null;
            }
        }
        ProjectionState.CURRENT_GROUP.set(group);
        return record;
    }

    @Override
    public void success(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
        if (SKIPPED.get() == null) {
            state.folded(consumer.groupMetadata().groupId(), record);
        }
    }

    @Override
    public void afterRecord(ConsumerRecord<String, V> record, Consumer<String, V> consumer) {
        if (SKIPPED.get() != null) {
            SKIPPED.remove();
            return;
        }
        ProjectionState.CURRENT_GROUP.remove();
    }

    /** Before every poll: partitions held back at their assignment are resumed once let go ({@link CatchUp#resumeReleased}). */
    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        catchUp.resumeReleased(consumer);
    }

    /** After every poll's records (and after a failure or a stop): their offsets go to the store. */
    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        state.storeFolded(consumer);
    }
}
