package dev.rightsflow.schemas.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The catch-up accounting of one {@link ProjectionState}, right for listener containers with any
 * concurrency (several consumers of one group in this JVM, partitions moving between them in
 * rebalances). It owns two views:
 *
 * <ul>
 *   <li><b>Per partition</b> (group, topic, partition), whichever consumer holds it: where this
 *       catch-up started, the end noted when it was first assigned, how far it is folded, whether it
 *       is still short of its end, and the record it is held back at. A partition that moves to
 *       another consumer mid catch-up keeps all of these, so it is neither counted twice nor
 *       forgotten, and is held back again at the same record.</li>
 *   <li><b>Per consumer</b> (one per container thread): the partitions it owns, those it holds back
 *       (paused), and the group generation of its last assignment. A consumer that loses a partition
 *       lets go of its pause there (the next owner pauses it again while catching up), so no
 *       partition stays paused once the service is live.</li>
 * </ul>
 *
 * <p>A group is <em>settled</em> when every running consumer of its containers in this JVM has its
 * assignment of the group's latest generation: only then is the union of what they own everything
 * this instance will be given, and a partition first assigned in that generation has had its end
 * noted. The service has caught up when every listened (group, topic) has been assigned, every group
 * is settled and no noted partition is short of its end. Partitions that another instance of the
 * service owns (several instances in one group) are that instance's to catch up.
 *
 * <p>Pauses go through the listener containers ({@code pausePartition}), which apply them on the
 * consumer's own thread at its next poll: a {@link ConcurrentMessageListenerContainer} passes a pause
 * to the child that owns the partition and a resume to every child that was asked to pause it.
 * Everything that decides on holds is done under {@link #lock}.
 */
final class CatchUp {

    /** One consumer of this JVM: what it owns and holds back, and the generation it was assigned in. */
    private static final class Member {
        final String group;
        final Set<TopicPartition> owned = new HashSet<>();
        final Set<TopicPartition> held = new HashSet<>();
        int generation = -1;
        boolean assigned;

        Member(String group) {
            this.group = group;
        }
    }

    final Object lock = new Object();
    private final String service;
    private final KafkaListenerEndpointRegistry registry;
    private final List<String> listenerIds;

    /** Per (group, topic) of the started listeners: whether its partitions have been assigned yet. */
    private final Map<String, Boolean> assigned = new ConcurrentHashMap<>();
    private final Map<String, Long> ends = new ConcurrentHashMap<>();
    private final Map<String, Long> starts = new ConcurrentHashMap<>();
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** Partitions held back while catching up, at the first record past the noted end. */
    private final Map<String, Long> heldAt = new ConcurrentHashMap<>();
    /** Keyed by the consumer instance (identity: consumers do not override equals). */
    private final Map<Consumer<?, ?>, Member> members = new ConcurrentHashMap<>();
    private final Map<String, Integer> latestGeneration = new ConcurrentHashMap<>();
    /**
     * Partitions a consumer paused itself when they were assigned at their end ({@link #holdBackAtAssignment}): the
     * container does not resume a pause it did not make, so the consumer resumes them before its next poll once their
     * hold is let go ({@link #resumeReleased}). Not cleared by {@link #reset}: a consumer keeps its pauses until it
     * resumes them or loses the partitions.
     */
    private final Map<Consumer<?, ?>, Set<TopicPartition>> pausedByConsumer = new ConcurrentHashMap<>();

    CatchUp(String service, KafkaListenerEndpointRegistry registry, List<String> listenerIds) {
        this.service = service;
        this.registry = registry;
        this.listenerIds = listenerIds;
    }

    static String key(String group, TopicPartition tp) {
        return group + "|" + tp.topic() + "|" + tp.partition();
    }

    /** Forgets this catch-up (a start or a rebuild), letting go of every hold. */
    void reset() {
        synchronized (lock) {
            releaseAll();
            assigned.clear();
            ends.clear();
            starts.clear();
            positions.clear();
            pending.clear();
            members.clear();
            latestGeneration.clear();
        }
    }

    /** The partitions of a listener's topics are expected to be assigned before the service can be caught up. */
    void expect(MessageListenerContainer container) {
        for (String topic : container.getContainerProperties().getTopics()) {
            assigned.put(container.getGroupId() + "|" + topic, false);
        }
    }

    /** Whether this catch-up is about a group (one of its started listeners reads in it). */
    boolean concerns(String group) {
        return assigned.keySet().stream().anyMatch(k -> k.startsWith(group + "|"));
    }

    boolean listened(String group, String topic) {
        return assigned.containsKey(group + "|" + topic);
    }

    /** The next offset to fold of a partition, as far as this catch-up got (0 when it never got it). */
    long position(String group, TopicPartition tp) {
        return positions.getOrDefault(key(group, tp), 0L);
    }

    /** The noted end of a partition, or null when it has not been assigned in this catch-up. */
    Long end(String group, TopicPartition tp) {
        return ends.get(key(group, tp));
    }

    /** The record a partition is held back at, or null. */
    Long heldAt(String group, TopicPartition tp) {
        return heldAt.get(key(group, tp));
    }

    /**
     * A consumer was assigned partitions (possibly none) while catching up or live. While catching up a
     * partition seen for the first time has its start and end noted; one seen before keeps them.
     *
     * @param from where each partition resumes (the consumer has been sought there)
     */
    void assigned(Consumer<?, ?> consumer, String group, Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> from, Map<TopicPartition, Long> endOffsets, boolean catchingUp) {
        synchronized (lock) {
            Member m = members.computeIfAbsent(consumer, c -> new Member(group));
            m.owned.addAll(partitions);
            m.assigned = true;
            m.generation = consumer.groupMetadata().generationId();
            latestGeneration.merge(group, m.generation, Math::max);
            for (TopicPartition tp : partitions) {
                if (!listened(group, tp.topic())) {
                    continue;
                }
                String k = key(group, tp);
                if (catchingUp) {
                    long start = from.get(tp);
                    starts.putIfAbsent(k, start);
                    positions.put(k, start);
                    long noted = ends.computeIfAbsent(k, x -> endOffsets.getOrDefault(tp, 0L));
                    if (start < noted) {
                        pending.add(k);
                    } else {
                        pending.remove(k);
                    }
                }
                assigned.replace(group + "|" + tp.topic(), true);
            }
        }
    }

    /**
     * A consumer gave partitions up (a rebalance, or it stops): it lets go of its holds there, and
     * waits for its next assignment before its group counts as settled.
     */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        synchronized (lock) {
            Member m = members.get(consumer);
            if (m == null) {
                return;
            }
            m.owned.removeAll(partitions);
            m.assigned = false;
            for (TopicPartition tp : partitions) {
                if (m.held.remove(tp)) {
                    containers(m.group, tp.topic()).forEach(c -> c.resumePartition(tp));
                }
            }
            if (m.owned.isEmpty()) {
                members.remove(consumer);
            }
        }
    }

    /**
     * Holds a partition back at {@code offset} (its first record past the noted end) while catching up:
     * the consumer is sought back there and the partition paused until the service is live; once held,
     * it stays held at the first such record, whichever consumer owns it. Does nothing once live.
     *
     * @return the record it is held at, or null when the service is live
     */
    Long holdBack(Consumer<?, ?> consumer, String group, TopicPartition tp, long offset, BooleanSupplier catchingUp) {
        synchronized (lock) {
            if (!catchingUp.getAsBoolean()) {
                return null;
            }
            long at = heldAt.computeIfAbsent(key(group, tp), k -> offset);
            consumer.seek(tp, at);
            Member m = members.computeIfAbsent(consumer, c -> new Member(group));
            if (m.held.add(tp)) {
                containers(group, tp.topic()).forEach(c -> c.pausePartition(tp));
            }
            return at;
        }
    }

    /**
     * Holds back, on the consumer's thread while its partitions are being assigned, the partitions that start at
     * (or past) their noted end: as {@link #holdBack}, and the consumer pauses them itself at once, so the poll that
     * assigned them sends them no fetch. The container's pause would only be applied at its next poll, after a fetch
     * the broker parks for {@code fetch.max.wait.ms} when nothing comes; the broker answers a connection's requests in
     * order, so the consumer's next offset look-ups and, as group leader, its metadata request at the next rebalance
     * would wait behind that fetch.
     *
     * @param from where each partition resumes
     * @return the partitions held back
     */
    List<TopicPartition> holdBackAtAssignment(Consumer<?, ?> consumer, String group, Map<TopicPartition, Long> from,
            BooleanSupplier catchingUp) {
        List<TopicPartition> held = new ArrayList<>();
        synchronized (lock) {
            for (Map.Entry<TopicPartition, Long> f : from.entrySet()) {
                TopicPartition tp = f.getKey();
                Long end = end(group, tp);
                if (end != null && f.getValue() >= end && heldAt(group, tp) == null
                        && holdBack(consumer, group, tp, f.getValue(), catchingUp) != null) {
                    held.add(tp);
                }
            }
            if (!held.isEmpty()) {
                consumer.pause(held);
                pausedByConsumer.computeIfAbsent(consumer, c -> new HashSet<>()).addAll(held);
            }
        }
        return held;
    }

    /**
     * Before each poll, on the consumer's thread: resumes the partitions it paused itself ({@link #holdBackAtAssignment})
     * whose hold has been let go (the service is live, or the partition moved). The container's resume of the same hold
     * wakes the consumer, so this runs at once.
     */
    void resumeReleased(Consumer<?, ?> consumer) {
        if (pausedByConsumer.isEmpty() || !pausedByConsumer.containsKey(consumer)) {
            return;
        }
        synchronized (lock) {
            Set<TopicPartition> paused = pausedByConsumer.get(consumer);
            if (paused == null) {
                return;
            }
            Member m = members.get(consumer);
            Set<TopicPartition> assignment = consumer.assignment();
            List<TopicPartition> resume = new ArrayList<>();
            for (java.util.Iterator<TopicPartition> i = paused.iterator(); i.hasNext();) {
                TopicPartition tp = i.next();
                if (!assignment.contains(tp)) {
                    i.remove();
                } else if (m == null || !m.held.contains(tp)) {
                    resume.add(tp);
                    i.remove();
                }
            }
            if (paused.isEmpty()) {
                pausedByConsumer.remove(consumer);
            }
            if (!resume.isEmpty()) {
                consumer.resume(resume);
            }
        }
    }

    /** Lets go of holds this consumer just made (a failed batch: the error handler seeks them back). */
    void release(Consumer<?, ?> consumer, String group, Collection<TopicPartition> partitions) {
        synchronized (lock) {
            Member m = members.get(consumer);
            for (TopicPartition tp : partitions) {
                heldAt.remove(key(group, tp));
                if (m != null && m.held.remove(tp)) {
                    containers(group, tp.topic()).forEach(c -> c.resumePartition(tp));
                }
            }
        }
    }

    /** Lets go of every hold (the service is live, or starts again). Call under {@link #lock}. */
    void releaseAll() {
        for (Member m : members.values()) {
            for (TopicPartition tp : m.held) {
                containers(m.group, tp.topic()).forEach(c -> c.resumePartition(tp));
            }
            m.held.clear();
        }
        heldAt.clear();
    }

    /** A record was folded while catching up. @return true when its partition just reached its noted end */
    boolean folded(String group, TopicPartition tp, long offset) {
        String k = key(group, tp);
        positions.put(k, offset + 1);
        Long end = ends.get(k);
        return end != null && offset + 1 >= end && pending.remove(k);
    }

    /**
     * Whether every listened (group, topic) has been assigned, every group is settled and every noted
     * partition is at its end. Call under {@link #lock}.
     */
    boolean caughtUp() {
        if (!pending.isEmpty() || assigned.containsValue(false)) {
            return false;
        }
        Set<String> groups = new HashSet<>();
        assigned.keySet().forEach(k -> groups.add(k.substring(0, k.indexOf('|'))));
        return groups.stream().allMatch(this::settled);
    }

    private boolean settled(String group) {
        Integer latest = latestGeneration.get(group);
        long current = members.values().stream()
                .filter(m -> m.group.equals(group) && m.assigned && latest != null && m.generation == latest).count();
        return current >= runningConsumers(group);
    }

    /** How many consumers this JVM runs in a group now (one per running child of a concurrent container). */
    private long runningConsumers(String group) {
        long n = 0;
        for (String id : listenerIds) {
            MessageListenerContainer c = registry.getListenerContainer(id);
            if (c == null || !group.equals(c.getGroupId()) || !c.isRunning()) {
                continue;
            }
            n += c instanceof ConcurrentMessageListenerContainer<?, ?> cc
                    ? cc.getContainers().stream().filter(MessageListenerContainer::isRunning).count()
                    : 1;
        }
        return n;
    }

    /** The next offsets reached while catching up, to store once the deferred work is done. */
    List<ProjectionProgress.Next> reached() {
        List<ProjectionProgress.Next> reached = new ArrayList<>();
        positions.forEach((k, next) -> {
            String[] parts = k.split("\\|");
            reached.add(new ProjectionProgress.Next(parts[0], parts[1], Integer.parseInt(parts[2]), next));
        });
        return reached;
    }

    /** How far the catch-up is, 0 to 99 (100 is for the caller to say once live). */
    int percent() {
        long total = 0;
        long done = 0;
        for (Map.Entry<String, Long> end : ends.entrySet()) {
            long start = starts.getOrDefault(end.getKey(), 0L);
            total += Math.max(0, end.getValue() - start);
            done += Math.max(0, Math.min(end.getValue(), positions.getOrDefault(end.getKey(), start)) - start);
        }
        if (total == 0) {
            return assigned.containsValue(true) ? 99 : 0;
        }
        return (int) Math.min(99, done * 100 / total);
    }

    /** How many records the catch-up folds in all (known once the partitions are assigned). */
    long records() {
        long total = 0;
        for (Map.Entry<String, Long> end : ends.entrySet()) {
            total += Math.max(0, end.getValue() - starts.getOrDefault(end.getKey(), 0L));
        }
        return total;
    }

    /** Every container of the service that reads {@code topic} in {@code group} (several may share a group). */
    private List<MessageListenerContainer> containers(String group, String topic) {
        List<MessageListenerContainer> found = new ArrayList<>();
        for (String id : listenerIds) {
            MessageListenerContainer c = registry.getListenerContainer(id);
            if (c != null && group.equals(c.getGroupId())
                    && java.util.Arrays.asList(c.getContainerProperties().getTopics()).contains(topic)) {
                found.add(c);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException(service + ": no listener of group " + group + " reads " + topic);
        }
        return found;
    }
}
