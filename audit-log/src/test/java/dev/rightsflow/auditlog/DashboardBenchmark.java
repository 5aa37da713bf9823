package dev.rightsflow.auditlog;

import static dev.rightsflow.deadline.UkTime.UK;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.dashboard.security.DashboardSecurity;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * How the dashboard's case list answers with many open cases (a main class, not a test): starts
 * audit-log in this JVM against an embedded Kafka broker and the in-process MongoDB-wire server (its store chosen as
 * the standalone's: {@code RIGHTSFLOW_EMBEDDED_STORE=disk}, the default, or {@code memory}),
 * loads open cases straight through the case store and the case index (what the projection does
 * for each event it folds, without Kafka and the audit trail), first to the first size, then to
 * the second, and at each size times the case list's first page through HTTP: the API as an
 * administrator (every case) and as one organisation's staff, filtered, and the HTML list; p50 and
 * p99 of sequential calls, the body size, and the JVM's resident memory and heap after a GC.
 *
 * <pre>./mvnw -o -q -pl audit-log -am test-compile &amp;&amp; ./mvnw -o -q -pl audit-log exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=dev.rightsflow.auditlog.DashboardBenchmark \
 *     -Dexec.args="20000 100000"</pre>
 */
public final class DashboardBenchmark {

    private static final List<String> ORGS = List.of("ecs", "mes", "empower", "rip", "northshire-nhs-ft");
    private static final List<String> RIGHTS = List.of("ACCESS", "ERASURE", "RECTIFICATION", "OBJECTION");
    private static final int WARM_UP = 30;
    private static final int SAMPLES = 200;

    private DashboardBenchmark() {
    }

    /**
     * One call's figures at one size: its body's bytes, p50 and p99 in ms (NaN and {@code noAnswer} set when a call got
     * no answer within 30 s), this JVM's resident memory and heap after a GC in MiB, and how long loading the cases
     * of this size took.
     */
    public record Row(int cases, String call, int bytes, double p50, double p99, long rssMiB, long heapMiB,
            double loadSeconds, String noAnswer) {

        String markdown() {
            return noAnswer != null
                    ? String.format("| %,d | %s | %s | | | %,d MiB | %,d MiB |", cases, call, noAnswer, rssMiB, heapMiB)
                    : String.format("| %,d | %s | %,d B | %.1f ms | %.1f ms | %,d MiB | %,d MiB |", cases, call, bytes, p50, p99,
                            rssMiB, heapMiB);
        }

        Map<String, String> named() {
            Map<String, String> row = new java.util.LinkedHashMap<>();
            row.put("cases", Integer.toString(cases));
            row.put("call", call);
            row.put("bytes", Integer.toString(bytes));
            row.put("p50", Double.toString(p50));
            row.put("p99", Double.toString(p99));
            row.put("rssMiB", Long.toString(rssMiB));
            row.put("heapMiB", Long.toString(heapMiB));
            row.put("loadSeconds", Double.toString(loadSeconds));
            row.put("noAnswer", noAnswer == null ? "" : noAnswer);
            return row;
        }
    }

    /**
     * Arguments: the sizes, open cases (20000 100000). With {@code -Dbenchmark.rowsFile=<file>} it also writes its rows
     * there ({@code BenchmarkSupport.writeRows}), for a suite that started it in a JVM of its own.
     */
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"20000", "100000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        List<Row> rows = run(sizes);
        String rowsFile = System.getProperty("benchmark.rowsFile");
        if (rowsFile != null) {
            BenchmarkSupport.writeRows(Path.of(rowsFile), rows.stream().map(Row::named).toList());
        }
        System.exit(0);
    }

    /** Loads the cases size after size and times the calls at each; prints the table as it grows, returns its rows. */
    public static List<Row> run(List<Integer> sizes) throws Exception {
        List<Row> rows = new ArrayList<>();
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        Path data = Files.createTempDirectory("rightsflow-dashboard-benchmark");
        // the store the standalone would run: RIGHTSFLOW_EMBEDDED_STORE, disk by default (its file under the data directory)
        MongoServer mongo = InProcessMongo.start(System.getenv(), data.resolve("mongo"));
        SpringApplication app = new SpringApplication(AuditLogApplication.class);
        // command-line arguments: they win over the application's own configuration (e.g. its Kafka address)
        String[] settings = Map.of("server.port", "0", "spring.mongodb.uri", InProcessMongo.uri(mongo),
                "rightsflow.kafka.bootstrap-servers", kafka.getBrokersAsString(), "rightsflow.demo", "true",
                "rightsflow.kafka.partitions", "1", "rightsflow.audit-log.alert-scan-interval", "1h",
                "rightsflow.audit-log.anchor-interval", "1h", "rightsflow.data-dir", data.toString(),
                "logging.level.root", "WARN", "spring.main.allow-bean-definition-overriding", "true")
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext context = app.run(settings)) {
            org.awaitility.Awaitility.await("audit-log caught up").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> context.getBeansOfType(ProjectionState.class).values().stream().allMatch(ProjectionState::ready));
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            MongoCaseStore store = context.getBean(MongoCaseStore.class);
            CaseIndex index = context.getBean(CaseIndex.class);
            LocalDate today = LocalDate.now(context.getBean("auditLogClock", Clock.class).withZone(UK));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int loaded = 0;
            Random random = new Random(100);
            for (int target : sizes) {
                long t0 = System.nanoTime();
                load(store, index, random, today, loaded, target);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("loaded %,d open cases (store and index) in %.1f s%n", target - loaded, loadSeconds);
                loaded = target;
                long[] memory = memory();
                // staff sign in once and click through with the session, as they do in the browser
                String admin = signIn(http, base, "demo-admin");
                String ecs = signIn(http, base, "demo-ecs");
                Size size = new Size(target, memory, loadSeconds);
                rows.add(row(http, base, size, "API, administrator, page 1 of 50", "/api/v1/dashboard/cases", session(admin)));
                rows.add(row(http, base, size, "API, one organisation's staff", "/api/v1/dashboard/cases", session(ecs)));
                rows.add(row(http, base, size, "API, staff, right=ERASURE", "/api/v1/dashboard/cases?right=ERASURE",
                        session(ecs)));
                rows.add(row(http, base, size, "HTML list, administrator", "/dashboard", session(admin)));
                rows.add(row(http, base, size, "HTML list, one organisation's staff", "/dashboard", session(ecs)));
                // the same page with HTTP Basic on every call: each call pays a BCrypt check of the password
                rows.add(row(http, base, size, "API, administrator, HTTP Basic on every call", "/api/v1/dashboard/cases",
                        basic("demo-admin")));
                System.out.println("| open cases | call | body | p50 | p99 | RSS | heap used |");
                System.out.println("|---|---|---|---|---|---|---|");
                rows.forEach(r -> System.out.println(r.markdown()));
            }
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
        return rows;
    }

    /** One size's cases: how many, this JVM's resident memory and heap after a GC (MiB), and how long loading took. */
    private record Size(int cases, long[] memory, double loadSeconds) {
    }

    /** Open cases received over the last 45 days (a quarter or so overdue), some with tasks past their last safe date. */
    private static void load(MongoCaseStore store, CaseIndex index, Random random, LocalDate today, int from, int to) {
        List<CaseFile> files = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String org = ORGS.get(random.nextInt(ORGS.size()));
            Instant received = today.minusDays(random.nextInt(45)).atTime(9, 0).atZone(UK).toInstant();
            CaseFile f = CaseFile.of("bench-" + i);
            f.seen("bench-event-" + i);
            f.onReceived(RIGHTS.get(random.nextInt(RIGHTS.size())), "API", org, null, received, "NONE", null, null, null);
            f.onControllerResolved(org, null, org, false, "rule", "ENGLAND_AND_WALES");
            f.onCaseOpened(org, "ENGLAND_AND_WALES", received, received, null, random.nextBoolean());
            if (random.nextInt(10) == 0) {
                CaseTask t = new CaseTask();
                t.taskId = "task-" + i;
                t.systemId = "crm";
                t.lastSafeDispatch = today.plusDays(random.nextInt(20) - 10);
                f.onPlanned(List.of(t), 0, List.of());
            }
            files.add(f);
        }
        Flux.fromIterable(files).flatMap(f -> Mono.fromFuture(() -> store.save(f)).then(Mono.fromRunnable(() -> index.put(f))), 32)
                .blockLast(Duration.ofHours(1));
    }

    /** A request header that signs a call in: a name and its value. */
    private record SignIn(String header, String value, String who) {
    }

    private static SignIn session(String cookie) {
        return new SignIn("Cookie", DashboardSecurity.SESSION_COOKIE + "=" + cookie, "session");
    }

    private static SignIn basic(String user) {
        return new SignIn("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":demo-password").getBytes(StandardCharsets.UTF_8)), user);
    }

    /** Signs a staff user in through the login form, as the browser does; the session cookie's value. */
    private static String signIn(HttpClient http, String base, String user) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + DashboardSecurity.LOGIN)).build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String form = "username=" + user + "&password=demo-password&_csrf="
                + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<Void> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + DashboardSecurity.LOGIN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie(page, DashboardSecurity.SESSION_COOKIE))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        if (signedIn.statusCode() / 100 != 3) {
            throw new IllegalStateException(user + " could not sign in: " + signedIn.statusCode());
        }
        return cookie(signedIn, DashboardSecurity.SESSION_COOKIE).substring(DashboardSecurity.SESSION_COOKIE.length() + 1);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
    }

    private static Row row(HttpClient http, String base, Size size, String what, String path, SignIn signIn)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header(signIn.header(), signIn.value())
                .timeout(Duration.ofSeconds(30)).build();
        long[] times = new long[SAMPLES];
        int bytes = 0;
        for (int i = -WARM_UP; i < SAMPLES; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.net.http.HttpTimeoutException e) {
                // reported in the table rather than ending the run: which call of the row got no answer
                return new Row(size.cases(), what, 0, Double.NaN, Double.NaN, size.memory()[0], size.memory()[1],
                        size.loadSeconds(), String.format("no answer within 30 s at call %d of %d", i + WARM_UP + 1,
                                WARM_UP + SAMPLES));
            }
            long took = System.nanoTime() - t;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " with " + signIn.who() + ": " + response.statusCode());
            }
            bytes = response.body().length;
            if (i >= 0) {
                times[i] = took;
            }
        }
        java.util.Arrays.sort(times);
        return new Row(size.cases(), what, bytes, times[SAMPLES / 2] / 1e6, times[(int) Math.ceil(SAMPLES * 0.99) - 1] / 1e6,
                size.memory()[0], size.memory()[1], size.loadSeconds(), null);
    }

    /** Resident memory of this JVM (Linux) and the heap in use after a GC, in MiB. */
    private static long[] memory() {
        ManagementFactory.getMemoryMXBean().gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new long[] {BenchmarkSupport.rssMiB(), heap / (1024 * 1024)};
    }
}
