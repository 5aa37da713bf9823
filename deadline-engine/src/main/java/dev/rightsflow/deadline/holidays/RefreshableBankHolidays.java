package dev.rightsflow.deadline.holidays;

import dev.rightsflow.deadline.UkDivision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one bank-holiday source every service uses, refreshed without a rebuild or a restart.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #open} loads the snapshot shipped in the engine, then the refresh file when one is
 *       configured and readable;</li>
 *   <li>{@link #start} checks the file every {@code checkEvery} and, when a URL is configured,
 *       fetches it at once and then every {@code fetchEvery} (daemon threads);</li>
 *   <li>a changed file or a successful fetch replaces the list for every later calculation, and
 *       every {@link #onChange listener} hears of it (to recompute provisional deadlines);</li>
 *   <li>{@link #close} stops the checks.</li>
 * </ol>
 *
 * <p>A list is taken only when it parses (every division, readable dates, no gap in years) and
 * is not older than the shipped snapshot (its last year for every division is not earlier):
 * otherwise the list in use stays and {@link #problem()} says why. A bad download never stops a
 * service or loses a deadline. A fetched list is written to the refresh file (atomically), so it
 * survives a restart and every service reading the same file takes it up.
 */
public final class RefreshableBankHolidays implements BankHolidayCalendar, AutoCloseable {

    /** A replaced list: before and after, for recomputing what depended on it. */
    public record Change(UkBankHolidays before, UkBankHolidays after) {
    }

    private static final System.Logger LOG = System.getLogger(RefreshableBankHolidays.class.getName());
    /** gov.uk's list is about 30 KB; anything much larger is not that list. */
    private static final int MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024;

    private final HolidaySourceSettings settings;
    private final GovUkBankHolidays snapshot;
    private final AtomicReference<UkBankHolidays> current;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile String problem;
    private volatile FileTime seenModified;
    private volatile long seenSize = -1;
    private ScheduledExecutorService scheduler;
    private HttpClient http;

    private RefreshableBankHolidays(HolidaySourceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.url().isEmpty()) {
            URI uri = URI.create(settings.url());
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("rightsflow.holidays.url must be an http(s) URL: " + settings.url());
            }
        }
        this.snapshot = GovUkBankHolidays.snapshot();
        this.current = new AtomicReference<>(new UkBankHolidays(snapshot));
    }

    /** Loads the snapshot, then the refresh file if configured; starts nothing. */
    public static RefreshableBankHolidays open(HolidaySourceSettings settings) {
        RefreshableBankHolidays source = new RefreshableBankHolidays(settings);
        source.checkFile();
        return source;
    }

    /** The shipped snapshot only, never refreshed. */
    public static RefreshableBankHolidays snapshotOnly() {
        return open(HolidaySourceSettings.snapshotOnly());
    }

    /** Starts the periodic file check and, when a URL is configured, the fetch; idempotent. */
    public synchronized RefreshableBankHolidays start() {
        if (scheduler != null) {
            return this;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bank-holidays-refresh");
            t.setDaemon(true);
            return t;
        });
        if (!settings.file().isEmpty()) {
            long every = settings.checkEvery().toMillis();
            scheduler.scheduleWithFixedDelay(this::checkFile, every, every, TimeUnit.MILLISECONDS);
        }
        if (!settings.url().isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::fetchNow, 0, settings.fetchEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** Calls the listener after every replacement of the list, on the refreshing thread. */
    public void onChange(Consumer<Change> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Re-reads the refresh file if it changed since the last read (modification time or size).
     *
     * @return whether the list in use was replaced
     */
    public synchronized boolean checkFile() {
        if (settings.file().isEmpty()) {
            return false;
        }
        Path file = Path.of(settings.file());
        try {
            if (!Files.isRegularFile(file)) {
                String missing = "the refresh file " + file + " does not exist; the list in use stays ("
                        + current.get().govUk().source() + ")";
                if (!missing.equals(problem)) {
                    problem = missing;
                    LOG.log(System.Logger.Level.WARNING, problem);
                }
                return false;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(seenModified) && size == seenSize) {
                return false;
            }
            seenModified = modified;
            seenSize = size;
            return use(GovUkBankHolidays.fromFile(file));
        } catch (RuntimeException | IOException e) {
            problem = "the refresh file " + file + " was not taken: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, problem);
            return false;
        }
    }

    /**
     * Fetches the configured URL (gov.uk's format) now.
     *
     * @return whether the list in use was replaced
     */
    public synchronized boolean fetchNow() {
        if (settings.url().isEmpty()) {
            return false;
        }
        try {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(settings.url()))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_DOWNLOAD_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            if (body.length > MAX_DOWNLOAD_BYTES) {
                throw new IOException("answer larger than " + MAX_DOWNLOAD_BYTES + " bytes");
            }
            GovUkBankHolidays list = GovUkBankHolidays.parse(new ByteArrayInputStream(body), settings.url());
            boolean taken = use(list);
            if (taken && !settings.file().isEmpty()) {
                keep(body);
            }
            return taken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException | IOException e) {
            problem = "the list from " + settings.url() + " was not taken: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, problem);
            return false;
        }
    }

    /** Writes a fetched list to the refresh file, atomically, and notes it as read. */
    private void keep(byte[] body) throws IOException {
        Path file = Path.of(settings.file()).toAbsolutePath();
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".bank-holidays", ".json");
        Files.write(temp, body);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        seenModified = Files.getLastModifiedTime(file);
        seenSize = Files.size(file);
    }

    /**
     * Uses the list from now on, unless it is stale (see the class comment), and tells the
     * listeners. The file check and the fetch come here; so can an operator's or a test's list.
     *
     * @return whether the list in use was replaced
     */
    public synchronized boolean use(GovUkBankHolidays list) {
        if (list.lastYearOfEveryDivision() < snapshot.lastYearOfEveryDivision()) {
            problem = list.source() + " ends in " + list.lastYearOfEveryDivision() + ", before the shipped snapshot ("
                    + snapshot.lastYearOfEveryDivision() + "): a stale list, not taken";
            LOG.log(System.Logger.Level.WARNING, problem);
            return false;
        }
        UkBankHolidays before = current.get();
        UkBankHolidays after = before.withGovUk(list);
        current.set(after);
        problem = null;
        LOG.log(System.Logger.Level.INFO, "bank holidays now from " + list.source() + " (" + list.coverage(UkDivision.ENGLAND_AND_WALES) + ")");
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(new Change(before, after));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a bank-holiday change listener failed", e);
            }
        }
        return true;
    }

    /** Why the last refresh was not taken; empty when it was (or none was tried). */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The settings this source follows. */
    public HolidaySourceSettings settings() {
        return settings;
    }

    @Override
    public UkBankHolidays current() {
        return current.get();
    }

    @Override
    public boolean covers(UkDivision division, int year) {
        return current.get().covers(division, year);
    }

    @Override
    public Optional<BankHoliday> holidayOn(UkDivision division, LocalDate day) {
        return current.get().holidayOn(division, day);
    }

    @Override
    public List<BankHoliday> holidaysIn(UkDivision division, int year) {
        return current.get().holidaysIn(division, year);
    }

    @Override
    public String coverage(UkDivision division) {
        return current.get().coverage(division);
    }

    @Override
    public Optional<String> provisionalReason(UkDivision division, int year) {
        return current.get().provisionalReason(division, year);
    }

    @Override
    public boolean isProvisional(UkDivision division, int year) {
        return current.get().isProvisional(division, year);
    }
}
