package dev.rightsflow.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rightsflow.schemas.testing.BenchmarkSupport;

/**
 * Issue 15's benchmark in one run (a main class, not a test): everything the issue names, one part after the other on
 * this machine, then the ratios and a table against the issue's targets, each marked met or missed by how much.
 * <ol>
 *   <li><b>intake</b> ({@link IntakeBenchmark}, the standalone in this JVM on its embedded broker): the raw producer,
 *       the thinnest intake ({@link ThinIntake}) and Rightsflow's {@code POST /api/v1/requests} at 8, 32 and 128
 *       clients (closed loop), A with the pipeline consuming and B with the other services' listeners paused, and the
 *       thin intake and B offered 2,000 req/s open loop;</li>
 *   <li><b>pipeline</b> ({@link PipelineBenchmark}, the standalone in a JVM of its own, as {@code java -jar} starts it):
 *       202 to tasks dispatched and to audit entries written, p50/p99, and whether the consumer lag stays bounded, at a
 *       steady 200 and 1,000 req/s;</li>
 *   <li><b>dashboard</b> (audit-log's {@code DashboardBenchmark} in a JVM of its own, so that its resident memory is
 *       audit-log's alone, on audit-log's test class path): the case list's p50/p99 at 20,000 and 100,000 open cases,
 *       and the resident memory.</li>
 * </ol>
 * Options ({@code --name=value}; the defaults are the issue's full run): {@code --parts=intake,pipeline,dashboard},
 * {@code --intake-seconds=30} measured per intake row after {@code --intake-warmup-seconds=5}, {@code --offered=2000},
 * {@code --rates=200,1000} for {@code --load-seconds=60} each after {@code --pipeline-warmup-seconds=10}, with a drain
 * window of {@code --drain-seconds=120}, {@code --cases=20000,100000}. System properties:
 * {@code -Dbenchmark.jvmOptions} (the pipeline's child standalone, e.g. a JFR recording),
 * {@code -Dbenchmark.dashboardJvmOptions} (the dashboard's JVM), {@code -Dbenchmark.dashboardClasspath} (default:
 * {@code audit-log/target/test-classes}, {@code audit-log/target/classes} and the class path the README's build
 * command writes to {@code audit-log/target/bench.cp}, from the repository's root). The demo vendors' stand-ins listen
 * on fixed ports: run it in a network namespace of its own. Run it as the root README's "Issue 15's benchmark" says.
 */
public final class Issue15Benchmark {

    /** Intake at 32 clients: at least this share of the thinnest intake's rate. */
    static final double INTAKE_SHARE = 0.5;
    /** Intake's p99 at {@link IntakeBenchmark#OFFERED} req/s offered, ms. */
    static final double INTAKE_P99_MS = 20;
    /** The steady rate of the end-to-end target, req/s. */
    static final int PIPELINE_RATE = 1000;
    /** Tasks dispatched and audit entries written after the 202, p99, ms. */
    static final double PIPELINE_P99_MS = PipelineBenchmark.TARGET_P99_MS;
    /** Open cases of the dashboard target. */
    static final int DASHBOARD_CASES = 100_000;
    /** The case list's p99, ms. */
    static final double DASHBOARD_P99_MS = 100;
    /** audit-log's resident memory, MiB (1.5 GiB). */
    static final double DASHBOARD_RSS_MIB = 1536;

    private Issue15Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.quietKafkaClients();
        Map<String, String> options = options(args);
        List<String> parts = list(options.getOrDefault("parts", "intake,pipeline,dashboard"));
        Duration intakeSeconds = seconds(options.getOrDefault("intake-seconds", "30"));
        Duration intakeWarmup = seconds(options.getOrDefault("intake-warmup-seconds", "5"));
        int offered = Integer.parseInt(options.getOrDefault("offered", Integer.toString(IntakeBenchmark.OFFERED)));
        List<Integer> rates = list(options.getOrDefault("rates", "200,1000")).stream().map(Integer::parseInt).toList();
        Duration load = seconds(options.getOrDefault("load-seconds", "60"));
        Duration drain = seconds(options.getOrDefault("drain-seconds", "120"));
        Duration pipelineWarmup = seconds(options.getOrDefault("pipeline-warmup-seconds", "10"));
        List<String> cases = list(options.getOrDefault("cases", "20000,100000"));
        String loadBefore = BenchmarkSupport.loadAverage();
        long started = System.nanoTime();
        System.out.printf("Issue15Benchmark: parts %s; intake %d s per row after %d s, %,d req/s offered; pipeline %s req/s,"
                + " %d s each after %d s, drain window %d s; dashboard %s open cases; %d cores; load average %s%n", parts,
                intakeSeconds.toSeconds(), intakeWarmup.toSeconds(), offered, rates, load.toSeconds(), pipelineWarmup.toSeconds(),
                drain.toSeconds(), cases, Runtime.getRuntime().availableProcessors(), loadBefore);

        IntakeBenchmark.Results intake = null;
        String intakeLoad = "";
        if (parts.contains("intake")) {
            System.out.printf("%n== intake ==%n");
            intake = IntakeBenchmark.run(intakeSeconds, intakeWarmup, offered);
            intakeLoad = intake.loadBefore() + " → " + intake.loadAfter();
            System.out.printf("%s", intake.report());
        }
        PipelineBenchmark.Results pipeline = null;
        if (parts.contains("pipeline")) {
            System.out.printf("%n== pipeline ==%n");
            pipeline = PipelineBenchmark.run(rates, load, drain, pipelineWarmup);
        }
        List<Map<String, String>> dashboard = null;
        String dashboardLoad = "";
        if (parts.contains("dashboard")) {
            System.out.printf("%n== dashboard ==%n");
            String before = BenchmarkSupport.loadAverage();
            dashboard = dashboard(cases);
            dashboardLoad = before + " → " + BenchmarkSupport.loadAverage();
        }

        StringBuilder out = new StringBuilder();
        out.append(String.format("%n== Issue15Benchmark: results (%d cores; load average %s at the start, %s at the end;"
                + " %.0f s in all) ==%n", Runtime.getRuntime().availableProcessors(), loadBefore, BenchmarkSupport.loadAverage(),
                (System.nanoTime() - started) / 1e9));
        List<String[]> targets = new ArrayList<>();
        if (intake != null) {
            out.append(intakeTable(intake, intakeSeconds, intakeLoad));
            int i32 = IntakeBenchmark.CONCURRENCY.indexOf(32);
            double share = intake.intakeOnly()[i32].rate() / intake.thin()[i32].rate();
            double shareA = intake.withPipeline()[i32].rate() / intake.thin()[i32].rate();
            String shortIntake = intakeSeconds.toSeconds() >= 30 ? "" : String.format(" (short run: %d s per row)",
                    intakeSeconds.toSeconds());
            targets.add(new String[] {"intake (B, alone) at 32 clients ≥ 50 % of the thin intake's rate" + shortIntake,
                    String.format("%.1f %% (A, with the pipeline: %.1f %%)", 100 * share, 100 * shareA), atLeast(share, INTAKE_SHARE),
                    intakeLoad});
            IntakeBenchmark.Result b = intake.intakeOnlyOffered();
            String shortOffered = intake.offered() == IntakeBenchmark.OFFERED ? shortIntake
                    : String.format(" (short run: %,d req/s offered, %d s)", intake.offered(), intakeSeconds.toSeconds());
            targets.add(new String[] {"intake (B) p99 ≤ 20 ms at 2,000 req/s offered" + shortOffered,
                    String.format("p99 %s ms, %,.0f req/s answered 202 (%d other answers; thin intake p99 %s ms)", ms(b.p99()),
                            b.rate(), b.others(), ms(intake.thinOffered().p99())), atMost(b.p99(), INTAKE_P99_MS), intakeLoad});
        }
        if (pipeline != null) {
            out.append(String.format("%nEnd to end (PipelineBenchmark; load average %s → %s)%n%n%s%n%s%n", pipeline.loadBefore(),
                    pipeline.loadAfter(), PipelineBenchmark.TABLE_HEADER, String.join("\n", pipeline.rows())));
            PipelineBenchmark.Outcome o = pipeline.outcomes().stream().filter(x -> x.rate() == PIPELINE_RATE).findFirst()
                    .orElse(pipeline.outcomes().stream().max(Comparator.comparingInt(PipelineBenchmark.Outcome::rate)).orElseThrow());
            String at = o.rate() == PIPELINE_RATE && load.toSeconds() >= 60 ? ""
                    : String.format(" (short run: %,d req/s for %d s)", o.rate(), load.toSeconds());
            String pipelineLoad = pipeline.loadBefore() + " → " + pipeline.loadAfter();
            targets.add(new String[] {"tasks dispatched p99 ≤ 500 ms after the 202, 1,000 req/s for 60 s" + at,
                    String.format("p99 %s ms (%,.0f req/s sent, %,d of them answered 202; %,d of those not dispatched in the"
                            + " drain window)", ms(o.p99Dispatched()), o.achieved(), o.accepted(), o.notDispatched()),
                    o.notDispatched() > 0 ? "missed: " + o.notDispatched() + " requests never got there"
                            : atMost(o.p99Dispatched(), PIPELINE_P99_MS), pipelineLoad});
            targets.add(new String[] {"audit entries written p99 ≤ 500 ms after the 202" + at,
                    String.format("p99 %s ms (%,d not audited in the drain window)", ms(o.p99Audited()), o.notAudited()),
                    o.notAudited() > 0 ? "missed: " + o.notAudited() + " requests never got there"
                            : atMost(o.p99Audited(), PIPELINE_P99_MS), pipelineLoad});
            targets.add(new String[] {"consumer lag bounded" + at, String.format("%s (peak %,d, %s)", o.lagBounded(), o.peakLag(),
                    o.peakGroup()), "yes".equals(o.lagBounded()) ? "met" : "missed: " + o.lagBounded(), pipelineLoad});
        }
        if (dashboard != null) {
            out.append(String.format("%nDashboard (audit-log's DashboardBenchmark, a JVM of its own; load average %s)%n%n"
                    + "| open cases | call | body | p50 | p99 | RSS | heap used after GC | loading the cases |%n"
                    + "|---|---|---|---|---|---|---|---|%n", dashboardLoad));
            for (Map<String, String> r : dashboard) {
                out.append(r.get("noAnswer").isEmpty()
                        ? String.format("| %,d | %s | %,d B | %s ms | %s ms | %s MiB | %s MiB | %.0f s |%n", Integer.parseInt(r.get("cases")),
                                r.get("call"), Integer.parseInt(r.get("bytes")), ms(Double.parseDouble(r.get("p50"))),
                                ms(Double.parseDouble(r.get("p99"))), r.get("rssMiB"), r.get("heapMiB"), Double.parseDouble(r.get("loadSeconds")))
                        : String.format("| %,d | %s | %s | | | %s MiB | %s MiB | %.0f s |%n", Integer.parseInt(r.get("cases")),
                                r.get("call"), r.get("noAnswer"), r.get("rssMiB"), r.get("heapMiB"), Double.parseDouble(r.get("loadSeconds"))));
            }
            int largest = dashboard.stream().mapToInt(r -> Integer.parseInt(r.get("cases"))).max().orElse(0);
            String at = largest == DASHBOARD_CASES ? "" : String.format(" (short run: %,d cases)", largest);
            // the list as staff use it, signed in with a session; the HTTP Basic row times a BCrypt check per call
            List<Map<String, String>> lists = dashboard.stream().filter(r -> Integer.parseInt(r.get("cases")) == largest
                    && !r.get("call").contains("HTTP Basic")).toList();
            Map<String, String> worst = lists.stream().filter(r -> !r.get("noAnswer").isEmpty()).findFirst()
                    .orElse(lists.stream().max(Comparator.comparingDouble(r -> Double.parseDouble(r.get("p99")))).orElseThrow());
            double p99 = worst.get("noAnswer").isEmpty() ? Double.parseDouble(worst.get("p99")) : Double.NaN;
            targets.add(new String[] {"dashboard case list p99 ≤ 100 ms with 100,000 open cases" + at,
                    String.format("worst of %d list rows: %s (%s)", lists.size(),
                            worst.get("noAnswer").isEmpty() ? ms(p99) + " ms" : worst.get("noAnswer"), worst.get("call")),
                    worst.get("noAnswer").isEmpty() ? atMost(p99, DASHBOARD_P99_MS) : "missed: a call got no answer", dashboardLoad});
            double rss = Double.parseDouble(worst.get("rssMiB"));
            targets.add(new String[] {"audit-log's RSS ≤ 1.5 GiB with 100,000 open cases" + at, String.format("%,.0f MiB", rss),
                    atMost(rss, DASHBOARD_RSS_MIB), dashboardLoad});
        }
        out.append(String.format("%nIssue 15's targets%n%n| target | measured | verdict | load average |%n|---|---|---|---|%n"));
        targets.forEach(t -> out.append("| ").append(String.join(" | ", t)).append(" |\n"));
        System.out.print(out);
        System.exit(0);
    }

    /** The intake rows with their ratios: thin to raw, A and B to thin. */
    private static String intakeTable(IntakeBenchmark.Results r, Duration seconds, String load) {
        StringBuilder t = new StringBuilder(String.format("%nIntake (IntakeBenchmark, %d s per row; load average %s); the raw"
                + " producer's best: %,.0f msg/s%n%n| clients | thin intake: req/s, p50 / p99 ms | thin / raw | A with the pipeline:"
                + " req/s, p50 / p99 ms | A / thin | B intake alone: req/s, p50 / p99 ms | B / thin |%n|---|---|---|---|---|---|---|%n",
                seconds.toSeconds(), load, r.rawRate()));
        for (int i = 0; i < IntakeBenchmark.CONCURRENCY.size(); i++) {
            IntakeBenchmark.Result thin = r.thin()[i];
            IntakeBenchmark.Result a = r.withPipeline()[i];
            IntakeBenchmark.Result b = r.intakeOnly()[i];
            t.append(String.format("| %d | %s | %.1f %% | %s | %.1f %% | %s | %.1f %% |%n", IntakeBenchmark.CONCURRENCY.get(i),
                    cell(thin), 100 * thin.rate() / r.rawRate(), cell(a), 100 * a.rate() / thin.rate(), cell(b),
                    100 * b.rate() / thin.rate()));
        }
        t.append(String.format("| %,d req/s offered (open loop) | %s | | | | %s | %.1f %% |%n", r.offered(), cell(r.thinOffered()),
                cell(r.intakeOnlyOffered()), 100 * r.intakeOnlyOffered().rate() / r.thinOffered().rate()));
        return t.toString();
    }

    private static String cell(IntakeBenchmark.Result r) {
        return String.format("%,.0f, %s / %s", r.rate(), ms(r.p50()), ms(r.p99())) + (r.others() > 0 ? " (" + r.others() + " not 202)" : "");
    }

    /**
     * Runs audit-log's {@code DashboardBenchmark} in a JVM of its own on audit-log's test class path, its output shown
     * as it goes; its rows.
     */
    private static List<Map<String, String>> dashboard(List<String> cases) throws Exception {
        Path rows = Files.createTempFile("rightsflow-dashboard-rows", ".tsv");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BenchmarkSupport.jvmOptions("benchmark.dashboardJvmOptions"));
        command.addAll(List.of("-Dbenchmark.rowsFile=" + rows, "-cp", dashboardClasspath(),
                "dev.rightsflow.auditlog.DashboardBenchmark"));
        command.addAll(cases);
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(3, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IllegalStateException("DashboardBenchmark did not end within 3 hours");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("DashboardBenchmark ended with " + process.exitValue());
        }
        List<Map<String, String>> result = BenchmarkSupport.readRows(rows);
        Files.delete(rows);
        return result;
    }

    private static String dashboardClasspath() throws java.io.IOException {
        String given = System.getProperty("benchmark.dashboardClasspath");
        if (given != null) {
            return given;
        }
        Path built = Path.of("audit-log", "target", "bench.cp");
        if (!Files.exists(built)) {
            throw new IllegalStateException(built.toAbsolutePath() + " is missing: run the README's build command from the"
                    + " repository's root first, or pass -Dbenchmark.dashboardClasspath");
        }
        return String.join(java.io.File.pathSeparator, "audit-log/target/test-classes", "audit-log/target/classes",
                Files.readString(built).trim());
    }

    /** "met" when {@code value} ≥ {@code target}, else missed with how far short. */
    private static String atLeast(double value, double target) {
        return Double.isNaN(value) ? "missed: not measured" : value >= target ? String.format("met (%.2f× the target)", value / target)
                : String.format("missed: %.2f× the target (%.1f× short)", value / target, target / value);
    }

    /** "met" when {@code value} ≤ {@code target}, else missed by how many times. */
    private static String atMost(double value, double target) {
        return Double.isNaN(value) ? "missed: nothing got there" : value <= target
                ? String.format("met (%.2f× the target)", value / target)
                : String.format("missed by %.1f× (%s over)", value / target, ms(value - target));
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : millis < 100 ? String.format("%.1f", millis) : String.format("%,.0f", millis);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
