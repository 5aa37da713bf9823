package dev.rightsflow.schemas.testing;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * What the benchmark main classes of every module share (schemas test-jar): the machine's load average to read
 * their figures beside, the JVM's CPU, GC time and resident memory, the options they pass to a child JVM, the
 * consumer groups' lag as an operator reads it, events of many requests interleaved as live traffic comes, and
 * rows of figures handed from a child JVM to the one that started it.
 */
public final class BenchmarkSupport {

    /**
     * One line of a benchmark's report, through the benchmark's logger (never the console: the lines carry the time and
     * the thread, and the logging configuration decides where they go). Trailing line breaks of {@code format} are dropped.
     */
    public static void report(org.slf4j.Logger log, String format, Object... values) {
        log.info(String.format(format, values).stripTrailing());
    }

    private BenchmarkSupport() {
    }

    /** The machine's 1, 5 and 15 minute load averages (Linux), to read the figures beside. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time used by this JVM so far, every thread (the broker's, the JIT's and the collector's included). */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Time the collectors took, pauses and (for concurrent ones) cycles, in milliseconds. */
    public static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** The resident set size of this JVM, in MiB (Linux; -1 elsewhere). */
    public static long rssMiB() {
        return rssMiB(ProcessHandle.current().pid());
    }

    /** The resident set size of a process, in MiB (Linux; -1 elsewhere or once it has ended). */
    public static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux, or the process has ended
        }
        return -1;
    }

    /**
     * The options {@code -Dbenchmark.jvmOptions="..."} asks to start a child JVM with (a JFR recording, a heap size),
     * split at white space; none: the JVM's defaults, as {@code java -jar} has them.
     */
    public static List<String> childJvmOptions() {
        return jvmOptions("benchmark.jvmOptions");
    }

    /** The options a system property names, split at white space; none when it is not set. */
    public static List<String> jvmOptions(String property) {
        String options = System.getProperty(property, "");
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** The Kafka clients' configuration dumps would bury the figures. */
    public static void quietKafkaClients() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /**
     * Many requests' events, each request's in order, the requests side by side, as live traffic comes.
     *
     * @param events   every request's events one request after the other, the same number for each
     * @param requests how many requests they are
     */
    public static <T> List<T> interleaved(List<T> events, int requests) {
        List<T> ordered = new ArrayList<>();
        int perRequest = events.size() / requests;
        for (int step = 0; step < perRequest; step++) {
            for (int i = 0; i < requests; i++) {
                ordered.add(events.get(i * perRequest + step));
            }
        }
        return ordered;
    }

    /**
     * Writes rows of named figures, one a line, for the JVM that started this one to read with {@link #readRows}
     * (names and values without tabs or line breaks).
     */
    public static void writeRows(Path file, List<Map<String, String>> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            row.forEach((name, value) -> cells.add(name + "=" + value.replaceAll("[\t\r\n]", " ")));
            lines.add(String.join("\t", cells));
        }
        Files.write(file, lines);
    }

    /** The rows {@link #writeRows} wrote, each in its names' order. */
    public static List<Map<String, String>> readRows(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String cell : line.split("\t")) {
                int eq = cell.indexOf('=');
                row.put(cell.substring(0, eq), cell.substring(eq + 1));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * Each consumer group's lag at one moment: per partition it reads (committed to, or assigned to one of its members),
     * the end offset minus the group's committed offset, or minus the partition's first offset where the group has
     * committed nothing there yet; summed per group.
     *
     * @param byGroup records behind, per group id, in the groups' order
     * @param ends    the end offset of every partition some group reads
     */
    public record GroupLag(SortedMap<String, Long> byGroup, Map<TopicPartition, Long> ends) {

        public long total() {
            return byGroup.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Every record on the partitions the groups read. */
        public long records() {
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static GroupLag groupLag(Admin admin) throws ExecutionException, InterruptedException {
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
