package dev.rightsflow.standalone;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * The standalone in a JVM of its own, started as a user starts it, so a test can kill it the
 * hard way ({@code SIGKILL}) or stop it cleanly ({@code SIGTERM}) and start it again on the same
 * data directory and ports. Its output goes to {@code <data>/standalone-<n>.log}.
 */
final class ChildStandalone implements AutoCloseable {

    final Path dataDir;
    final int httpPort;
    final int kafkaPort;
    final int mongoPort;
    private final Map<String, String> env = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    private final List<String> jvmOptions;

    /**
     * The options the tests start it with: a bounded heap, and the start-up options the test JVMs
     * have too (the pom's {@code surefire.argLine}): only the quick C1 compiler, the serial
     * collector and no verification of the classes' bytecode, which start a JVM sooner and change
     * nothing it does; the crash test starts five.
     */
    static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto", "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");

    ChildStandalone(Path dataDir, Map<String, String> extraEnv) {
        this(dataDir, extraEnv, TEST_JVM_OPTIONS);
    }

    /** @param jvmOptions options of the child JVM (none: the JVM's defaults, as {@code java -jar} has them) */
    ChildStandalone(Path dataDir, Map<String, String> extraEnv, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.dataDir = dataDir;
        this.httpPort = RunningSystem.freePort();
        this.kafkaPort = RunningSystem.freePort();
        env.put("RIGHTSFLOW_DATA_DIR", dataDir.toString());
        env.put("RIGHTSFLOW_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("RIGHTSFLOW_KAFKA_CONTROLLER_PORT", String.valueOf(RunningSystem.freePort()));
        this.mongoPort = RunningSystem.freePort();
        env.put("RIGHTSFLOW_MONGO_PORT", String.valueOf(mongoPort));
        env.put("PORT", String.valueOf(httpPort));
        env.put("RIGHTSFLOW_DEMO", "true");
        env.put("RIGHTSFLOW_DEMO_DATA", "false");
        env.putAll(extraEnv);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The in-process MongoDB server the child serves its stores on. */
    String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RightsflowStandalone.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(dataDir.toFile(), "standalone-" + (++starts) + ".log"));
        builder.environment().putAll(env);
        process = builder.start();
    }

    /** Waits until the readiness probe says every service has caught up. */
    void awaitReady(Duration atMost) {
        Awaitility.await("the standalone is ready").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        List<String> lines = java.nio.file.Files.readAllLines(dataDir.resolve("standalone-" + starts + ".log"));
                        throw new IllegalStateException("the standalone exited with " + process.exitValue() + "; its log ends:\n"
                                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
                    }
                    return readiness() == 200;
                });
    }

    /** The HTTP status of the readiness probe, or -1 while nothing listens. */
    int readiness() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The resident set size of the child JVM, in MiB (Linux). */
    long rssMiB() {
        return dev.rightsflow.schemas.testing.BenchmarkSupport.rssMiB(process.pid());
    }

    /** The child JVM's process id (for {@code jcmd}). */
    long pid() {
        return process.pid();
    }

    /** The CPU time the child JVM has used so far, every thread (zero where the platform does not say). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** What the current run has logged so far. */
    String log() throws IOException {
        return java.nio.file.Files.readString(dataDir.resolve("standalone-" + starts + ".log"));
    }

    /** Waits for the child to end by itself. @return its exit code */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the standalone did not end by itself within " + atMost);
        }
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, no final checkpoint, no clean broker stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** {@code kill} (SIGTERM): the clean stop a user gets with Ctrl-C. @return the exit code */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the standalone did not stop within 90 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
