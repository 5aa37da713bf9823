package dev.rightsflow.connectors.databases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.rightsflow.schemas.testing.FreePorts;

/**
 * A throwaway PostgreSQL or MariaDB server for the tests, made from the binaries Debian's
 * {@code postgresql} and {@code mariadb-server} packages install (as {@code .ci/run} does): a new
 * data directory under the temp directory, a free loopback port, a database {@code rightsflow}
 * and a user {@code rightsflow} with a password (so the connectors log in as they would in
 * production). One server per kind per test run, shared by every test class that registers the
 * extension, stopped and deleted when the run ends. Where the binaries are absent, each test of
 * the class is skipped (an aborted assumption, so Surefire counts it as skipped) with a message
 * naming what is missing, also printed once on standard error.
 *
 * <p>Both servers refuse to run as root; when the tests run as root the server runs as the
 * {@code postgres} user where it exists (Debian's package makes it), else {@code nobody}, through
 * {@code setpriv}, and owns its data directory.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalDatabaseServer DB = LocalDatabaseServer.postgresql();
 * ... DB.jdbcUrl(), DB.execute("CREATE TABLE ...")
 * </pre>
 */
public final class LocalDatabaseServer implements BeforeAllCallback, BeforeEachCallback {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalDatabaseServer.class);

    /** The kinds of server. */
    public enum Kind { POSTGRESQL, MARIADB }

    static final String PASSWORD = "rf-test-pw-7d2c";
    private static final String USER = "rightsflow";
    private static final String DATABASE = "rightsflow";

    private final Kind kind;
    private volatile Running running;
    private volatile String missing;

    private LocalDatabaseServer(Kind kind) {
        this.kind = kind;
    }

    public static LocalDatabaseServer postgresql() {
        return new LocalDatabaseServer(Kind.POSTGRESQL);
    }

    public static LocalDatabaseServer mariadb() {
        return new LocalDatabaseServer(Kind.MARIADB);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(LocalDatabaseServer.class));
        Object started = store.computeIfAbsent(kind, k -> {
            try {
                return start(kind);
            } catch (Missing missing) {
                return missing;
            } catch (Exception e) {
                throw new IllegalStateException("could not start a local " + kind + " server", e);
            }
        }, Object.class);
        if (started instanceof Missing missing) {
            // Aborting here would make Surefire report the class as 0 tests run; each test is skipped instead (beforeEach)
            this.missing = missing.getMessage();
            if (store.get(kind + ".reported") == null) {
                store.put(kind + ".reported", Boolean.TRUE);
                log.warn("skipping the tests that need {}: {}", kind, this.missing);
            }
            return;
        }
        running = (Running) started;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (missing != null) {
            Assumptions.abort(missing);
        }
    }

    /** The JDBC URL with the test user and password, as a connection secret holds it. */
    public String jdbcUrl() {
        return running().url();
    }

    /** A JDBC URL to a port nothing listens on: a database that is down. */
    public String downUrl() {
        int port = freePort();
        return kind == Kind.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD
                : "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** The URL with a wrong password. */
    public String wrongPasswordUrl() {
        return jdbcUrl().replace(PASSWORD, "not-the-password");
    }

    /** Runs statements (set-up and inspection) as the test user. */
    public void execute(String... sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl()); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of each row of a query, as text. */
    public List<String> query(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl()); Statement statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rows.next()) {
                out.add(rows.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Kind kind() {
        return kind;
    }

    private Running running() {
        if (running == null) {
            throw new IllegalStateException("the server was not started: register the extension with @RegisterExtension on a static field");
        }
        return running;
    }

    /** Binaries not installed: the tests that need them are skipped, saying what to install. */
    private static final class Missing extends Exception {
        Missing(String message) {
            super(message, null, false, false);
        }
    }

    /** A started server; closed (stopped and deleted) when the test run ends. */
    private record Running(String url, Path directory, Process process, List<String> stop, List<String> asUser) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (stop != null) {
                run(directory, asUser, stop, Duration.ofSeconds(30));
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Running start(Kind kind) throws Exception {
        return kind == Kind.POSTGRESQL ? startPostgresql() : startMariadb();
    }

    private static Running startPostgresql() throws Exception {
        Path bin = postgresqlBin().orElseThrow(() -> new Missing("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in"
                + " /usr/lib/postgresql/*/bin or on PATH: install Debian's postgresql package (.ci/run does) to run these tests"));
        List<String> asUser = runAs();
        Path dir = directory("rightsflow-pg-", asUser);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        own(passwordFile, asUser);
        Path data = dir.resolve("data");
        run(dir, asUser, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), Duration.ofSeconds(60));
        int port = freePort();
        List<String> stop = List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        run(dir, asUser, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -h 127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40",
                "start"), Duration.ofSeconds(90));
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER + "&password=" + PASSWORD;
        Running running = new Running("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD,
                dir, null, stop, asUser);
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            running.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(running)));
        return running;
    }

    private static Running startMariadb() throws Exception {
        Path server = Stream.of("/usr/sbin/mariadbd", "/usr/sbin/mysqld").map(Path::of).filter(Files::isExecutable).findFirst()
                .or(() -> onPath("mariadbd")).orElseThrow(() -> new Missing("MariaDB server binary (mariadbd) not found in /usr/sbin or on"
                        + " PATH: install Debian's mariadb-server package (.ci/run does) to run these tests"));
        Path install = onPath("mariadb-install-db").or(() -> onPath("mysql_install_db")).orElseThrow(() -> new Missing(
                "mariadb-install-db not found on PATH: install Debian's mariadb-server package (.ci/run does) to run these tests"));
        List<String> asUser = runAs();
        Path dir = directory("rightsflow-mariadb-", asUser);
        Path init = dir.resolve("init.sql");
        Files.writeString(init, "CREATE DATABASE IF NOT EXISTS " + DATABASE + ";\n"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%';\n", StandardCharsets.UTF_8);
        own(init, asUser);
        Path data = dir.resolve("data");
        run(dir, asUser, List.of(install.toString(), "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=socket",
                "--skip-test-db"), Duration.ofSeconds(120));
        int port = freePort();
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(server.toString(), "--no-defaults", "--datadir=" + data, "--socket=" + dir.resolve("mariadb.sock"),
                "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("mariadb.pid"), "--init-file=" + init,
                "--skip-name-resolve", "--innodb-buffer-pool-size=16M", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin",
                "--log-error=" + dir.resolve("error.log")));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER + "&password=" + PASSWORD;
        Running running = new Running(url, dir, process, null, asUser);
        try {
            // until it accepts a connection, or has died
            org.awaitility.Awaitility.await("mariadbd accepts connections").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> !process.isAlive() || accepts(url));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with the server's own log
        }
        if (!process.isAlive() || !accepts(url)) {
            String errors = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
            running.close();
            throw new IllegalStateException("mariadbd did not accept connections: " + errors);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(running)));
        return running;
    }

    private static void closeQuietly(Running running) {
        try {
            running.close();
        } catch (Exception e) {
            // the run is ending anyway
        }
    }

    /** The newest PostgreSQL server's bin directory. */
    private static Optional<Path> postgresqlBin() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
                        && Files.isExecutable(b.resolve("pg_ctl"))).max(Comparator.comparing(
                                b -> b.getParent().getFileName().toString(), Comparator.comparingInt(LocalDatabaseServer::version)));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return onPath("initdb").map(Path::getParent).filter(b -> Files.isExecutable(b.resolve("pg_ctl")));
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    /**
     * The command prefix that runs a server as a user allowed to: none when the tests are not
     * root; else {@code setpriv} to {@code postgres} (or {@code nobody}).
     */
    private static List<String> runAs() throws Missing {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        Path setpriv = onPath("setpriv").orElseThrow(() -> new Missing("running as root and setpriv (util-linux) is not on PATH:"
                + " the database servers refuse to run as root"));
        String user = userExists("postgres") ? "postgres" : "nobody";
        return List.of(setpriv.toString(), "--reuid=" + user, "--regid=" + group(user), "--clear-groups");
    }

    private static boolean userExists(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(l -> l.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The user's primary group id, from /etc/passwd. */
    private static String group(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.filter(l -> l.startsWith(user + ":")).map(l -> l.split(":")[3]).findFirst().orElse("65534");
        } catch (IOException e) {
            return "65534";
        }
    }

    private static Path directory(String prefix, List<String> asUser) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        own(dir, asUser);
        return dir;
    }

    /** Gives the path to the user the server runs as (when the tests are root). */
    private static void own(Path path, List<String> asUser) throws IOException {
        if (asUser.isEmpty()) {
            return;
        }
        String user = asUser.get(1).substring("--reuid=".length());
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(user));
        GroupPrincipal group = users.lookupPrincipalByGroupName(groupName(asUser.get(2).substring("--regid=".length())));
        view.setGroup(group);
    }

    private static String groupName(String gid) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/group"))) {
            return lines.map(l -> l.split(":")).filter(f -> f.length > 2 && f[2].equals(gid)).map(f -> f[0]).findFirst().orElse(gid);
        } catch (IOException e) {
            return gid;
        }
    }

    private static void run(Path dir, List<String> asUser, List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(command);
        Path log = dir.resolve("commands.log");
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed (" + process.exitValue() + "): " + Files.readString(log));
        }
    }

    static int freePort() {
        return FreePorts.take();
    }

    private static boolean accepts(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
