package dev.rightsflow.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
     * Each consumer group's lag at one moment: the end offsets of the partitions it has committed offsets for,
     * minus those offsets, summed per group (what {@code kafka-consumer-groups --describe} shows).
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
        SortedMap<String, Long> byGroup = new TreeMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var latestOffsets = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var e : committed.entrySet()) {
                long end = latestOffsets.get(e.getKey()).offset();
                lag += Math.max(0, end - (e.getValue() == null ? 0 : e.getValue().offset()));
                ends.put(e.getKey(), end);
            }
            byGroup.put(group.groupId(), lag);
        }
        return new GroupLag(byGroup, ends);
    }
}
