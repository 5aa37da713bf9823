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

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"20000", "100000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
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
            List<String> table = new ArrayList<>();
            table.add("| open cases | call | body | p50 | p99 | RSS | heap used |");
            table.add("|---|---|---|---|---|---|---|");
            int loaded = 0;
            Random random = new Random(100);
            for (int target : sizes) {
                long t0 = System.nanoTime();
                load(store, index, random, today, loaded, target);
                System.out.printf("loaded %,d open cases (store and index) in %.1f s%n", target - loaded,
                        (System.nanoTime() - t0) / 1e9);
                loaded = target;
                String memory = memory();
                // staff sign in once and click through with the session, as they do in the browser
                String admin = signIn(http, base, "demo-admin");
                String ecs = signIn(http, base, "demo-ecs");
                table.add(row(http, base, target, "API, administrator, page 1 of 50", "/api/v1/dashboard/cases",
                        session(admin), memory));
                table.add(row(http, base, target, "API, one organisation's staff", "/api/v1/dashboard/cases",
                        session(ecs), memory));
                table.add(row(http, base, target, "API, staff, right=ERASURE", "/api/v1/dashboard/cases?right=ERASURE",
                        session(ecs), memory));
                table.add(row(http, base, target, "HTML list, administrator", "/dashboard", session(admin), memory));
                table.add(row(http, base, target, "HTML list, one organisation's staff", "/dashboard", session(ecs),
                        memory));
                // the same page with HTTP Basic on every call: each call pays a BCrypt check of the password
                table.add(row(http, base, target, "API, administrator, HTTP Basic on every call",
                        "/api/v1/dashboard/cases", basic("demo-admin"), memory));
                table.forEach(System.out::println);
            }
        } finally {
            mongo.shutdownNow();
            kafka.destroy();
        }
        System.exit(0);
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

    private static String row(HttpClient http, String base, int cases, String what, String path, SignIn signIn,
            String memory) throws Exception {
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
                return String.format("| %,d | %s | no answer within 30 s at call %d of %d | | | %s |", cases, what,
                        i + WARM_UP + 1, WARM_UP + SAMPLES, memory);
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
        return String.format("| %,d | %s | %,d B | %.1f ms | %.1f ms | %s |", cases, what, bytes,
                times[SAMPLES / 2] / 1e6, times[(int) Math.ceil(SAMPLES * 0.99) - 1] / 1e6, memory);
    }

    /** Resident memory of this JVM (Linux) and the heap in use after a GC. */
    private static String memory() throws Exception {
        ManagementFactory.getMemoryMXBean().gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.replaceAll("\\D", "")).findFirst().map(kb -> Long.parseLong(kb) / 1024 + " MiB").orElse("?");
        return rss + " | " + heap / (1024 * 1024) + " MiB";
    }
}
