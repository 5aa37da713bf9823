package dev.rightsflow.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the benchmark main classes ({@link IntakeBenchmark}, {@link RestartBenchmark}, {@link PipelineBenchmark})
 * share: the machine's load average to read their figures beside, the JVM's CPU time, the options they pass to a
 * child JVM, and the consumer groups' lag as an operator reads it.
 */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /** The machine's 1, 5 and 15 minute load averages (Linux), to read the figures beside. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** CPU time used by this JVM so far, every thread. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The options {@code -Dbenchmark.jvmOptions="..."} asks to start a child JVM with (a JFR recording, a heap size),
     * split at white space; none: the JVM's defaults, as {@code java -jar} has them.
     */
    static List<String> childJvmOptions() {
        String options = System.getProperty("benchmark.jvmOptions", "");
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** The Kafka clients' configuration dumps would bury the figures. */
    static void quietKafkaClients() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /**
     * Each consumer group's lag at one moment: per partition it reads (committed to, or assigned to one of its members),
     * the end offset minus the group's committed offset, or minus the partition's first offset where the group has
     * committed nothing there yet; summed per group.
     *
     * @param byGroup records behind, per group id, in the groups' order
     * @param ends    the end offset of every partition some group reads
     */
    record GroupLag(SortedMap<String, Long> byGroup, Map<TopicPartition, Long> ends) {

        long total() {
            return byGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Every record on the partitions the groups read. */
        long records() {
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static GroupLag groupLag(Admin admin) throws ExecutionException, InterruptedException {
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(ConsumerGroupListing::groupId).toList();
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Set<TopicPartition> read = new HashSet<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, offset) -> offsets.put(tp, offset == null ? -1 : offset.offset()));
            committed.put(group, offsets);
            read.addAll(offsets.keySet());
        }
        Map<String, Set<TopicPartition>> assigned = new HashMap<>();
        admin.describeConsumerGroups(groups).all().get().forEach((group, description) -> description.members()
                .forEach(m -> {
                    assigned.computeIfAbsent(group, g -> new HashSet<>()).addAll(m.assignment().topicPartitions());
                    read.addAll(m.assignment().topicPartitions());
                }));
        Map<TopicPartition, Long> ends = offsets(admin, read, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(admin, read, OffsetSpec.earliest());
        SortedMap<String, Long> byGroup = new TreeMap<>();
        for (String group : groups) {
            Map<TopicPartition, Long> offsets = committed.get(group);
            Set<TopicPartition> partitions = new HashSet<>(offsets.keySet());
            partitions.addAll(assigned.getOrDefault(group, Set.of()));
            long lag = 0;
            for (TopicPartition tp : partitions) {
                long from = offsets.getOrDefault(tp, -1L);
                lag += Math.max(0, ends.get(tp) - (from < 0 ? starts.get(tp) : from));
            }
            byGroup.put(group, lag);
        }
        return new GroupLag(byGroup, ends);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
